#include "LatheSignals.h"
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t lathe_interrupted = 0;

static void lathe_on_sigint(int signo) {
    (void)signo;
    lathe_interrupted = 1;
}

void lathe_install_interrupt_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = lathe_on_sigint;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, 0);
    /* A parent may have left SIGINT blocked (the mask survives exec); unblock it, or Ctrl-C
       would stay pending and never stop a running step. */
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    sigprocmask(SIG_UNBLOCK, &interrupt, 0);
}

int lathe_take_interrupt(void) {
    if (lathe_interrupted) {
        lathe_interrupted = 0;
        return 1;
    }
    return 0;
}

int lathe_interrupt_pending(void) { return lathe_interrupted ? 1 : 0; }

void lathe_clear_interrupt(void) { lathe_interrupted = 0; }
