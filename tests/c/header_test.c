/* Compiled as C99 and as C++17 with -Wall -Wextra -Werror -pedantic: the header alone. */
#include "faspay.h"

int main(void) {
  return FASPAY_VERSION_MAJOR * 0 + (int)FASPAY_STATUS_OK;
}
