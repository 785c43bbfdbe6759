CREATE DATABASE fpi_enrollment;
CREATE DATABASE fpi_claims;
CREATE DATABASE fpi_reporting;
