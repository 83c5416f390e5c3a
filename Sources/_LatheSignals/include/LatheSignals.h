#ifndef LATHE_SIGNALS_H
#define LATHE_SIGNALS_H

/// Installs a SIGINT handler that only sets a flag; the VM polls it.
void lathe_install_interrupt_handler(void);
/// Returns 1 (and clears the flag) if SIGINT arrived since the last call.
int lathe_take_interrupt(void);
/// Returns 1 if SIGINT arrived, without clearing the flag.
int lathe_interrupt_pending(void);
/// Clears a pending interrupt (used by the REPL before each line).
void lathe_clear_interrupt(void);

#endif
