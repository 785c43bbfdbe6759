import { readCompose } from '@fpi/testing';

describe('docker-compose.yml', () => {
  it('has the infrastructure and the three services (each service checks its own entry against its schema)', () => {
    expect(Object.keys(readCompose().services).sort()).toEqual(['claims', 'enrollment', 'kafka', 'kurrentdb', 'postgres', 'reporting']);
  });
});
