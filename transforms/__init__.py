"""Pure transforms: frames in, frames out. No I/O, settings, clock or logging."""
