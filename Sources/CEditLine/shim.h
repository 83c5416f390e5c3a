// libedit's readline emulation, for the REPL's line editing, history and completion.
// <editline/readline.h>, not <readline/readline.h>: GNU readline's headers may also be installed.
#include <stdio.h>
#include <editline/readline.h>
#include <histedit.h>
