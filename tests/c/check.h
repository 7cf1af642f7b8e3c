/* Tiny test helpers shared by the C tests: CHECK, error expectations, and just enough JSON
 * reading (a string or number field, with escapes undone) to follow the API's JSON results. */
#ifndef FASPAY_TEST_CHECK_H
#define FASPAY_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faspay.h"

static int check_failures = 0;
static int check_count = 0;

#define CHECK(cond)                                                                  \
  do {                                                                               \
    check_count++;                                                                   \
    if (!(cond)) {                                                                   \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);       \
      check_failures++;                                                              \
    }                                                                                \
  } while (0)

/* Asserts a call failed with `want` (and, when given, on `field`); frees the error and clears
 * the slot. The slot is passed by address because C does not order argument evaluation: the
 * call that fills it runs before this function reads it. */
static inline void expect_error_at(int line, faspay_status got, faspay_error **slot, faspay_status want,
                         const char *field) {
  faspay_error *err = *slot;
  *slot = NULL;
  if (got != want) fprintf(stderr, "line %d: got %s, wanted %s\n", line, faspay_status_str((int)got), faspay_status_str((int)want));
  CHECK(got == want);
  CHECK(err != NULL);
  if (err == NULL) return;
  CHECK(faspay_error_code(err) == want);
  CHECK(faspay_error_message(err) != NULL && faspay_error_message(err)[0] != '\0');
  if (field != NULL) {
    const char *f = faspay_error_field(err);
    CHECK(f != NULL && strcmp(f, field) == 0);
    if (f == NULL || strcmp(f, field) != 0)
      fprintf(stderr, "  field: %s, wanted %s (%s)\n", f ? f : "(null)", field,
              faspay_error_message(err));
  }
  faspay_error_free(err);
}

/* Asserts success; on failure prints the error, frees it and clears the slot (NULL: none). */
static inline int expect_ok_at(int line, faspay_status got, faspay_error **slot) {
  faspay_error *err = slot ? *slot : NULL;
  if (slot) *slot = NULL;
  CHECK(got == FASPAY_STATUS_OK);
  CHECK(err == NULL);
  if (err != NULL) {
    fprintf(stderr, "  line %d: unexpected %s: %s\n", line, faspay_status_str((int)got),
            faspay_error_message(err));
    faspay_error_free(err);
  }
  return got == FASPAY_STATUS_OK;
}

#define expect_error(got, slot, want, field) expect_error_at(__LINE__, got, slot, want, field)
#define expect_ok(got, slot) expect_ok_at(__LINE__, got, slot)

/* The value of "key" in `json` (the first occurrence): a JSON string with its escapes undone
 * (\uXXXX only for ASCII), or the raw text of a number/literal. Caller frees; NULL if absent. */
static inline char *json_get(const char *json, const char *key) {
  char pattern[128];
  const char *p;
  char *out;
  size_t n = 0;
  snprintf(pattern, sizeof pattern, "\"%s\":", key);
  p = json ? strstr(json, pattern) : NULL;
  if (p == NULL) return NULL;
  p += strlen(pattern);
  out = (char *)malloc(strlen(p) + 1);
  if (out == NULL) return NULL;
  if (*p != '"') {
    while (*p && *p != ',' && *p != '}' && *p != ']') out[n++] = *p++;
    out[n] = '\0';
    return out;
  }
  for (p++; *p && *p != '"'; p++) {
    if (*p != '\\') {
      out[n++] = *p;
      continue;
    }
    p++;
    switch (*p) {
      case 'n': out[n++] = '\n'; break;
      case 'r': out[n++] = '\r'; break;
      case 't': out[n++] = '\t'; break;
      case 'u': {
        char hex[5] = {0};
        memcpy(hex, p + 1, 4);
        out[n++] = (char)strtol(hex, NULL, 16);
        p += 4;
        break;
      }
      default: out[n++] = *p; break;
    }
  }
  out[n] = '\0';
  return out;
}

/* Whether `json` has "key" equal to the string `value`. */
static inline int json_is(const char *json, const char *key, const char *value) {
  char *got = json_get(json, key);
  int same = got != NULL && strcmp(got, value) == 0;
  if (!same) fprintf(stderr, "  %s = %s, wanted %s\n", key, got ? got : "(absent)", value);
  free(got);
  return same;
}

/* Whether PHP serialize() text `php` has the entry "key" with the serialized `value`
 * (`s:3:"xml"`, `i:5`, `d:12.5`, `b:0`), as PHP writes it: `s:LEN:"key";VALUE;`. */
static inline int php_is(const char *php, const char *key, const char *value) {
  char entry[256];
  int same;
  snprintf(entry, sizeof entry, "s:%u:\"%s\";%s;", (unsigned)strlen(key), key, value);
  same = php != NULL && strstr(php, entry) != NULL;
  if (!same) fprintf(stderr, "  no %s in %s\n", entry, php ? php : "(null)");
  return same;
}

static inline int check_report(const char *name) {
  printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
  return check_failures == 0 ? 0 : 1;
}

#endif
