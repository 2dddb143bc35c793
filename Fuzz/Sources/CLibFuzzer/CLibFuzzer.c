// Declarations only: LLVMFuzzerRunDriver is linked from the toolchain's libFuzzer by -sanitize=fuzzer.
#include "CLibFuzzer.h"
