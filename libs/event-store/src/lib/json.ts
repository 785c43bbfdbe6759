/** A value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object: the shape of every stored event body and metadata document. */
export interface JsonObject {
  [key: string]: JsonValue;
}
