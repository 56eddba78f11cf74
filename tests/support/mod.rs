pub mod emulator;
pub mod openapi;
