#error "only the storage module (src/core/db*.c) may use SQLite"
