#error "src/core is curses-free: drawing belongs in src/tui"
