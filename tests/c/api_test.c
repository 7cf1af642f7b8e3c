/* Every exported function and its error paths, from C: signatures, amounts, the error object,
 * NULL / non-UTF-8 arguments, and every client operation against the embedded sandbox
 * (faults, notifications, return URLs, the logger). Run under valgrind and ASan by
 * scripts/test-c. */
#include "check.h"

static const char *USER = "bot99999";
static const char *PASSWORD = "p@ssw0rd";

static int log_events = 0;
static int log_failed_events = 0;

static void on_log(void *user_data, const faspay_log_event *event) {
  CHECK(user_data == (void *)&log_events);
  CHECK(event->operation != NULL && event->method != NULL && event->path != NULL);
  CHECK(strstr(event->path, PASSWORD) == NULL);
  CHECK(event->attempt >= 1);
  log_events++;
  if (event->error_code != NULL) log_failed_events++;
}

/* Calls returning a string: checks success and hands the string over (slots by address, as
 * for expect_ok). */
static char *take(faspay_status status, char **slot, faspay_error **err) {
  char *out = *slot;
  if (!expect_ok(status, err)) {
    CHECK(out == NULL);
    return NULL;
  }
  CHECK(out != NULL);
  return out;
}

/* The library's version is a static string, the same pointer every time, and the one the
 * header it was compiled with declares (a program built against another release's header
 * can tell). scripts/test-release compares it with Cargo.toml. */
static void test_version(void) {
  const char *version = faspay_version();
  unsigned major = 99, minor = 99, patch = 99;
  CHECK(version != NULL && version == faspay_version());
  CHECK(sscanf(version, "%u.%u.%u", &major, &minor, &patch) == 3);
  CHECK(major == FASPAY_VERSION_MAJOR && minor == FASPAY_VERSION_MINOR && patch == FASPAY_VERSION_PATCH);
}

static void test_status_names(void) {
  CHECK(strcmp(faspay_status_str(FASPAY_STATUS_OK), "OK") == 0);
  CHECK(strcmp(faspay_status_str(FASPAY_STATUS_API_ERROR), "API_ERROR") == 0);
  CHECK(strcmp(faspay_status_str(FASPAY_STATUS_INVALID_UTF8), "INVALID_UTF8") == 0);
  CHECK(strcmp(faspay_status_str(FASPAY_STATUS_PANIC), "PANIC") == 0);
  CHECK(strcmp(faspay_status_str(42), "UNKNOWN") == 0);
  CHECK(strcmp(faspay_status_str(-1), "UNKNOWN") == 0);
  /* Readers of a NULL error answer their neutral value. */
  CHECK(faspay_error_code(NULL) == FASPAY_STATUS_NULL_ARGUMENT);
  CHECK(faspay_error_message(NULL) == NULL);
  CHECK(faspay_error_field(NULL) == NULL);
  CHECK(faspay_error_response_code(NULL) == NULL);
  CHECK(faspay_error_response_desc(NULL) == NULL);
  CHECK(faspay_error_http_status(NULL) == 0);
  CHECK(!faspay_error_request_sent(NULL));
  faspay_error_free(NULL);
  faspay_string_free(NULL);
}

static void test_code_descriptions(void) {
  faspay_error *err = NULL;
  char *text = NULL;
  text = take(faspay_response_code_description("14", &text, &err), &text, &err);
  CHECK(text != NULL && strcmp(text, "Invalid Order") == 0);
  faspay_string_free(text);
  /* A code Faspay does not document: OK, and no description. */
  text = (char *)1;
  CHECK(expect_ok(faspay_response_code_description("x7", &text, &err), &err) && text == NULL);
  expect_error(faspay_response_code_description(NULL, &text, &err), &err,
               FASPAY_STATUS_NULL_ARGUMENT, "code");
  expect_error(faspay_response_code_description("00", NULL, &err), &err,
               FASPAY_STATUS_NULL_ARGUMENT, "description_out");
  text = NULL;
  text = take(faspay_payment_status_description(2, &text, &err), &text, &err);
  CHECK(text != NULL && strcmp(text, "Payment Success") == 0);
  faspay_string_free(text);
  text = NULL;
  text = take(faspay_payment_status_description(6, &text, &err), &text, &err);
  CHECK(text != NULL && strcmp(text, "Undefined status") == 0);
  faspay_string_free(text);
  expect_error(faspay_payment_status_description(256, &text, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "code");
  expect_error(faspay_payment_status_description(-1, &text, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "code");
}

static void test_signatures(void) {
  char *sig = NULL, *other = NULL;
  faspay_error *err = NULL;
  bool same = false;
  const char *values[2] = {"ORDER-1", "2"};
  const char bad_utf8[] = {'B', (char)0xff, '\0'};

  sig = take(faspay_sign(USER, PASSWORD, "20201222024304", &sig, &err), &sig, &err);
  CHECK(sig != NULL && strcmp(sig, "92c41cf28825f8065530f09726b3c6f0bd2e218e") == 0);
  faspay_string_free(sig);

  sig = NULL;
  sig = take(faspay_channel_inquiry_signature(USER, PASSWORD, &sig, &err), &sig, &err);
  CHECK(sig != NULL && strcmp(sig, "1ac4d5a611ec5376d8da43bbe33aaea1719076b6") == 0);
  faspay_string_free(sig);

  /* Each named helper is sign() with its documented suffix; the expected values were computed
   * apart from the library: Python's hashlib.sha1(hashlib.md5(s).hexdigest()) of
   * "bot99999p@ssw0rdORDER-1" and "bot99999p@ssw0rdORDER-12". */
  {
    faspay_status (*helpers[5])(const char *, const char *, const char *, char **,
                                faspay_error **) = {
        faspay_post_data_signature, faspay_inquiry_signature, faspay_cancel_signature,
        faspay_redirect_signature, faspay_ovo_push_signature};
    int i;
    for (i = 0; i < 5; i++) {
      sig = NULL;
      other = NULL;
      sig = take(helpers[i](USER, PASSWORD, "ORDER-1", &sig, &err), &sig, &err);
      other = take(faspay_sign(USER, PASSWORD, "ORDER-1", &other, &err), &other, &err);
      CHECK(sig != NULL && other != NULL && strcmp(sig, other) == 0);
      CHECK(sig != NULL && strcmp(sig, "f7e263a37d8f8057de46750ba416df2929ab5a2d") == 0);
      faspay_string_free(sig);
      faspay_string_free(other);
    }
  }
  sig = NULL;
  other = NULL;
  sig = take(faspay_notification_signature(USER, PASSWORD, "ORDER-1", "2", &sig, &err), &sig, &err);
  other = take(faspay_sign(USER, PASSWORD, "ORDER-12", &other, &err), &other, &err);
  CHECK(sig != NULL && other != NULL && strcmp(sig, other) == 0);
  CHECK(sig != NULL && strcmp(sig, "82c1225441ff30133755ac17a0aef1046910162e") == 0);
  faspay_string_free(other);
  other = NULL;
  other = take(faspay_return_url_signature(USER, PASSWORD, "ORDER-1", "2", &other, &err), &other,
               &err);
  CHECK(sig != NULL && other != NULL && strcmp(sig, other) == 0);
  faspay_string_free(other);
  other = NULL;
  other = take(faspay_sign_message("notification", USER, PASSWORD, values, 2, &other, &err),
               &other, &err);
  CHECK(sig != NULL && other != NULL && strcmp(sig, other) == 0);
  faspay_string_free(other);

  /* verify: constant-time, case-insensitive. */
  CHECK(expect_ok(faspay_verify(sig, sig, &same, &err), &err) && same);
  {
    char upper[41];
    size_t i;
    for (i = 0; i < 40; i++) upper[i] = (char)((sig[i] >= 'a' && sig[i] <= 'f') ? sig[i] - 32 : sig[i]);
    upper[40] = '\0';
    CHECK(expect_ok(faspay_verify(sig, upper, &same, &err), &err) && same);
  }
  CHECK(expect_ok(faspay_verify(sig, "0000", &same, NULL), NULL) && !same);
  expect_error(faspay_verify(sig, NULL, &same, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "received");
  expect_error(faspay_verify(sig, sig, NULL, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "matches_out");
  faspay_string_free(sig);

  /* Errors: wrong value count, unknown message, NULL, invalid UTF-8, NULL out. */
  other = (char *)1;
  expect_error(faspay_sign_message("notification", USER, PASSWORD, values, 1, &other, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, NULL);
  CHECK(other == NULL);
  expect_error(faspay_sign_message("nonsense", USER, PASSWORD, values, 2, &other, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, NULL);
  expect_error(faspay_sign_message("notification", USER, PASSWORD, NULL, 2, &other, &err), &err,
               FASPAY_STATUS_NULL_ARGUMENT, "values");
  expect_error(faspay_sign(NULL, PASSWORD, "x", &other, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "user_id");
  expect_error(faspay_sign(USER, PASSWORD, bad_utf8, &other, &err), &err,
               FASPAY_STATUS_INVALID_UTF8, "suffix");
  expect_error(faspay_sign(USER, PASSWORD, "x", NULL, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "signature_out");
  /* err_out is optional. */
  CHECK(faspay_sign(USER, NULL, "x", &other, NULL) == FASPAY_STATUS_NULL_ARGUMENT);
}

static void test_amounts(void) {
  char *wire = NULL;
  faspay_error *err = NULL;
  wire = take(faspay_amount_to_wire("15000.50", "sen", &wire, &err), &wire, &err);
  CHECK(wire != NULL && strcmp(wire, "1500050") == 0);
  faspay_string_free(wire);
  wire = NULL;
  wire = take(faspay_amount_to_wire("25", "rupiah", &wire, &err), &wire, &err);
  CHECK(wire != NULL && strcmp(wire, "25") == 0);
  faspay_string_free(wire);
  expect_error(faspay_amount_to_wire("1.234", "sen", &wire, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, NULL);
  expect_error(faspay_amount_to_wire("1", "dollar", &wire, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "unit");
  /* A double by the core's float rule: exact to 2 places, sen a safe integer, -0.0 is 0. */
  wire = take(faspay_amount_from_double(15000.5, &wire, &err), &wire, &err);
  CHECK(wire != NULL && strcmp(wire, "15000.50") == 0);
  faspay_string_free(wire);
  wire = NULL;
  wire = take(faspay_amount_from_double(-0.0, &wire, &err), &wire, &err);
  CHECK(wire != NULL && strcmp(wire, "0") == 0);
  faspay_string_free(wire);
  expect_error(faspay_amount_from_double(0.1 + 0.2, &wire, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "amount");
  expect_error(faspay_amount_from_double(1e16, &wire, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "amount");
  expect_error(faspay_amount_from_double(15000.5, NULL, &err), &err,
               FASPAY_STATUS_NULL_ARGUMENT, "text_out");
}

static void test_config_errors(void) {
  faspay_client *client = (faspay_client *)1;
  faspay_error *err = NULL;
  expect_error(faspay_client_new("{", &client, &err), &err, FASPAY_STATUS_INVALID_ARGUMENT,
               "config");
  CHECK(client == NULL);
  /* Not one JSON object: refused as a whole, text after the object included. */
  expect_error(faspay_client_new("[]", &client, &err), &err, FASPAY_STATUS_INVALID_ARGUMENT,
               "config");
  expect_error(faspay_client_new("{\"merchant_id\":\"99999\",\"merchant_name\":\"S\",\"user_id\":"
                                 "\"u\",\"password\":\"p\"} {}",
                                 &client, &err),
               &err, FASPAY_STATUS_INVALID_ARGUMENT, "config");
  CHECK(client == NULL);
  /* A missing setting is named. */
  expect_error(faspay_client_new("{\"merchant_id\":\"99999\",\"merchant_name\":\"S\",\"user_id\":"
                                 "\"u\"}",
                                 &client, &err),
               &err, FASPAY_STATUS_INVALID_ARGUMENT, "password");
  expect_error(faspay_client_new("{\"merchant_id\":\"1\",\"merchant_name\":\"S\",\"user_id\":\"u\","
                                 "\"password\":\"p\"}",
                                 &client, &err),
               &err, FASPAY_STATUS_INVALID_ARGUMENT, "merchant_id");
  expect_error(faspay_client_new("{\"merchant_id\":\"99999\",\"merchant_name\":\"S\",\"user_id\":"
                                 "\"u\",\"password\":\"p\",\"format\":\"yaml\"}",
                                 &client, &err),
               &err, FASPAY_STATUS_INVALID_ARGUMENT, "format");
  expect_error(faspay_client_new("{\"merchant_id\":\"99999\",\"merchant_name\":\"S\",\"user_id\":"
                                 "\"u\",\"password\":\"p\",\"environment\":\"production\","
                                 "\"base_url\":\"http://127.0.0.1:1\"}",
                                 &client, &err),
               &err, FASPAY_STATUS_INVALID_ARGUMENT, "base_url");
  /* A misspelt setting: the same table and words as Python's and Node's tests. */
  {
    static const char *const unknown[] = {"tiemout", "merchantId"};
    size_t i;
    for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
      char json[200];
      char message[100];
      snprintf(json, sizeof json,
               "{\"merchant_id\":\"99999\",\"merchant_name\":\"S\",\"user_id\":\"u\","
               "\"password\":\"p\",\"%s\":5}",
               unknown[i]);
      snprintf(message, sizeof message, "%s: is not a client setting (check its spelling)",
               unknown[i]);
      CHECK(faspay_client_new(json, &client, &err) == FASPAY_STATUS_INVALID_ARGUMENT);
      CHECK(err != NULL && strcmp(faspay_error_field(err), unknown[i]) == 0);
      CHECK(err != NULL && strcmp(faspay_error_message(err), message) == 0);
      faspay_error_free(err);
      err = NULL;
    }
  }
  CHECK(expect_ok(faspay_client_new("{\"merchant_id\":\"99999\",\"merchant_name\":\"S\",\"user_id\":"
                                    "\"u\",\"password\":\"p\",\"environment\":\"production\","
                                    "\"base_url\":\"http://127.0.0.1:1\",\"allow_insecure_http\":true}",
                                    &client, &err),
                  &err));
  /* The settings it uses, never the password. */
  {
    char *settings = NULL;
    settings = take(faspay_client_settings(client, &settings, &err), &settings, &err);
    CHECK(json_is(settings, "merchant_id", "99999"));
    CHECK(json_is(settings, "merchant_name", "S"));
    CHECK(json_is(settings, "user_id", "u"));
    CHECK(json_is(settings, "environment", "production"));
    CHECK(json_is(settings, "base_url", "http://127.0.0.1:1"));
    CHECK(json_is(settings, "format", "json"));
    CHECK(settings != NULL && strstr(settings, "password") == NULL);
    faspay_string_free(settings);
  }
  faspay_client_free(client);
  client = NULL;
  /* Without base_url: the environment's host; format as configured. */
  CHECK(expect_ok(faspay_client_new("{\"merchant_id\":\"99999\",\"merchant_name\":\"S\",\"user_id\":"
                                    "\"u\",\"password\":\"p\",\"format\":\"xml\"}",
                                    &client, &err),
                  &err));
  {
    char *settings = NULL;
    settings = take(faspay_client_settings(client, &settings, &err), &settings, &err);
    CHECK(json_is(settings, "environment", "sandbox"));
    CHECK(json_is(settings, "base_url", "https://debit-sandbox.faspay.co.id"));
    CHECK(json_is(settings, "format", "xml"));
    /* The core's defaults, durations in seconds. */
    CHECK(json_is(settings, "timeout", "30.0"));
    CHECK(json_is(settings, "connect_timeout", "10.0"));
    CHECK(json_is(settings, "push_timeout", "90.0"));
    CHECK(json_is(settings, "max_retries", "2"));
    CHECK(json_is(settings, "retry_backoff", "0.2"));
    CHECK(json_is(settings, "amount_unit", "sen"));
    CHECK(json_is(settings, "bill_validity", "86400.0"));
    CHECK(json_is(settings, "inquiry_sends_status_fields", "true"));
    CHECK(json_is(settings, "allow_insecure_http", "false"));
    CHECK(json_is(settings, "max_response_bytes", "1048576"));
    CHECK(json_is(settings, "max_inbound_bytes", "65536"));
    CHECK(json_is(settings, "max_idle_connections", "32"));
    CHECK(json_is(settings, "dns_cache_ttl", "60.0"));
    CHECK(json_is(settings, "payment_status", "183xx00010100000"));
    CHECK(json_is(settings, "result_format", "json"));
    faspay_string_free(settings);
  }
  faspay_client_free(client);
  client = NULL;
  /* Every setting other than the default reads back exactly. */
  CHECK(expect_ok(faspay_client_new(
                      "{\"merchant_id\":\"12345\",\"merchant_name\":\"Toko\",\"user_id\":"
                      "\"bot12345\",\"password\":\"Pa55-marker\",\"environment\":\"production\","
                      "\"base_url\":\"https://proxy.example\",\"format\":\"xml\",\"timeout\":12.5,"
                      "\"connect_timeout\":2.25,\"push_timeout\":120,\"max_retries\":5,"
                      "\"retry_backoff\":0.35,\"amount_unit\":\"rupiah\",\"bill_validity\":7200,"
                      "\"inquiry_sends_status_fields\":false,\"max_response_bytes\":4096,"
                      "\"max_inbound_bytes\":2048,\"max_idle_connections\":0,\"dns_cache_ttl\":0,"
                      "\"xml_codes\":{\"payment_status\":\"77\"},\"redirect_code\":\"abc\","
                      "\"result_format\":\"php\"}",
                      &client, &err),
                  &err));
  {
    char *settings = NULL;
    settings = take(faspay_client_settings(client, &settings, &err), &settings, &err);
    /* result_format "php": the answer is PHP serialize() text of the same object. */
    CHECK(php_is(settings, "environment", "s:10:\"production\""));
    CHECK(php_is(settings, "base_url", "s:21:\"https://proxy.example\""));
    CHECK(php_is(settings, "format", "s:3:\"xml\""));
    CHECK(php_is(settings, "timeout", "d:12.5"));
    CHECK(php_is(settings, "connect_timeout", "d:2.25"));
    CHECK(php_is(settings, "push_timeout", "d:120.0"));
    CHECK(php_is(settings, "max_retries", "i:5"));
    CHECK(php_is(settings, "retry_backoff", "d:0.35"));
    CHECK(php_is(settings, "amount_unit", "s:6:\"rupiah\""));
    CHECK(php_is(settings, "bill_validity", "d:7200.0"));
    CHECK(php_is(settings, "inquiry_sends_status_fields", "b:0"));
    CHECK(php_is(settings, "max_response_bytes", "i:4096"));
    CHECK(php_is(settings, "max_inbound_bytes", "i:2048"));
    CHECK(php_is(settings, "max_idle_connections", "i:0"));
    CHECK(php_is(settings, "dns_cache_ttl", "d:0.0"));
    CHECK(php_is(settings, "payment_status", "s:2:\"77\""));
    CHECK(php_is(settings, "redirect_code", "s:3:\"abc\""));
    CHECK(settings != NULL && strstr(settings, "Pa55-marker") == NULL);
    CHECK(settings != NULL && strstr(settings, "password") == NULL);
    CHECK(php_is(settings, "result_format", "s:3:\"php\""));
    CHECK(settings != NULL && strncmp(settings, "a:22:{", 6) == 0); /* 21 core settings + 1 */
    faspay_string_free(settings);
  }
  {
    char *settings = (char *)1;
    expect_error(faspay_client_settings(NULL, &settings, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
                 "client");
    CHECK(settings == NULL);
    expect_error(faspay_client_settings(client, NULL, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
                 "json_out");
  }
  faspay_client_free(client);
  client = NULL;
  expect_error(faspay_client_new(NULL, &client, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "config_json");
  expect_error(faspay_client_new("{}", NULL, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "client_out");
  faspay_client_free(NULL);
  CHECK(faspay_client_set_logger(NULL, on_log, NULL) == FASPAY_STATUS_NULL_ARGUMENT);
}

static char *bill_json(const char *bill_no) {
  static const char *fmt =
      "{\"bill_no\":\"%s\",\"bill_desc\":\"Kopi\",\"bill_total\":\"15000.50\","
      "\"payment_channel\":\"812\",\"cust_no\":\"42\",\"cust_name\":\"Budi\","
      "\"billing_name\":\"Budi\",\"msisdn\":\"081234567890\",\"email\":\"budi@example.com\","
      "\"item\":[{\"product\":\"Kopi\",\"qty\":\"1\",\"amount\":\"15000.50\"}]}";
  char *json = (char *)malloc(strlen(fmt) + strlen(bill_no) + 1);
  if (json != NULL) sprintf(json, fmt, bill_no);
  return json;
}

/* Creates a bill; returns its trx_id (caller frees) or NULL. */
static char *create(const faspay_client *client, const char *bill_no) {
  char *json = bill_json(bill_no), *out = NULL, *trx_id;
  faspay_error *err = NULL;
  out = take(faspay_client_create_transaction(client, json, &out, &err), &out, &err);
  free(json);
  CHECK(json_is(out, "response_code", "00"));
  trx_id = json_get(out, "trx_id");
  faspay_string_free(out);
  return trx_id;
}

static void test_sandbox_operations(void) {
  faspay_sandbox *sandbox = NULL, *refused = NULL;
  faspay_client *client = NULL, *slow = NULL;
  faspay_error *err = NULL;
  char *config = NULL, *url = NULL, *out = NULL, *trx = NULL, *trx2 = NULL, *trx3 = NULL;
  char *body = NULL, *json = NULL;
  bool reached = false;
  uint64_t count = 0;

  CHECK(expect_ok(faspay_sandbox_start("{\"push_delay\":0,\"notify_retry_delay\":0.01,\"unique_bill_no\":true}",
                                       &sandbox, &err),
                  &err));
  if (sandbox == NULL) return;
  expect_error(faspay_sandbox_start("{\"colour\":1}", &refused, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "colour");
  CHECK(refused == NULL);
  expect_error(faspay_sandbox_start("{\"push_delay\":0}x", &refused, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "options_json");
  expect_error(faspay_sandbox_start("0", &refused, &err), &err, FASPAY_STATUS_INVALID_ARGUMENT,
               "options_json");
  CHECK(refused == NULL);
  url = take(faspay_sandbox_base_url(sandbox, &url, &err), &url, &err);
  CHECK(url != NULL && strncmp(url, "http://127.0.0.1:", 17) == 0);
  config = take(faspay_sandbox_client_config(sandbox, &config, &err), &config, &err);
  CHECK(json_is(config, "base_url", url));
  CHECK(expect_ok(faspay_client_new(config, &client, &err), &err));
  if (client == NULL) return;
  CHECK(faspay_client_set_logger(client, on_log, &log_events) == FASPAY_STATUS_OK);

  out = take(faspay_client_payment_channels(client, &out, &err), &out, &err);
  CHECK(out != NULL && strstr(out, "\"pg_code\":\"812\"") != NULL);
  faspay_string_free(out);

  trx = create(client, "C-1");
  CHECK(trx != NULL);
  if (trx == NULL) return;
  /* A reused bill number is Faspay's 14 after the request was sent. */
  json = bill_json("C-1");
  out = NULL;
  {
    faspay_status status = faspay_client_create_transaction(client, json, &out, &err);
    CHECK(status == FASPAY_STATUS_API_ERROR && out == NULL);
    CHECK(err != NULL && strcmp(faspay_error_response_code(err), "14") == 0);
    CHECK(err != NULL && faspay_error_response_desc(err) != NULL);
    CHECK(err != NULL && faspay_error_request_sent(err));
    CHECK(err != NULL && faspay_error_http_status(err) == 200);
    CHECK(err != NULL && faspay_error_field(err) == NULL);
    faspay_error_free(err);
    err = NULL;
  }
  free(json);
  expect_error(faspay_client_create_transaction(client, "{\"bill_no\":\"C-9\"}", &out, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "bill_desc");

  out = NULL;
  out = take(faspay_client_redirect_url(client, trx, "C-1", &out, &err), &out, &err);
  CHECK(out != NULL && strstr(out, "/pws/100003/") != NULL);
  faspay_string_free(out);
  out = NULL;
  out = take(faspay_client_ovo_push_form(client, trx, "081234567890", &out, &err), &out, &err);
  CHECK(out != NULL && strstr(out, "<form") != NULL);
  faspay_string_free(out);
  out = NULL;
  out = take(faspay_client_ovo_push(client, trx, "081234567890", &out, &err), &out, &err);
  CHECK(json_is(out, "trx_id", trx));
  faspay_string_free(out);
  out = NULL;
  out = take(faspay_client_payment_status(client, trx, "C-1", &out, &err), &out, &err);
  CHECK(json_is(out, "payment_status_code", "2"));
  CHECK(json_is(out, "is_paid", "true"));
  faspay_string_free(out);
  expect_error(faspay_client_payment_status(client, "", "C-1", &out, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "trx_id");

  /* Cancel: a paid bill is refused (81), a pending one is cancelled (8). */
  out = NULL;
  {
    faspay_status status =
        faspay_client_cancel_transaction(client, trx, "C-1", "customer asked", &out, &err);
    CHECK(status == FASPAY_STATUS_API_ERROR);
    CHECK(err != NULL && strcmp(faspay_error_response_code(err), "81") == 0);
    faspay_error_free(err);
    err = NULL;
  }
  trx2 = create(client, "C-2");
  out = take(faspay_client_cancel_transaction(client, trx2, "C-2", "customer asked", &out, &err),
             &out, &err);
  CHECK(json_is(out, "payment_status_code", "8"));
  faspay_string_free(out);

  /* Sandbox admin: reject, expire, clock, views, counters. */
  trx3 = create(client, "C-3");
  CHECK(expect_ok(faspay_sandbox_reject(sandbox, trx3, &err), &err));
  expect_error(faspay_sandbox_expire(sandbox, trx3, &err), &err, FASPAY_STATUS_INVALID_ARGUMENT,
               NULL);
  expect_error(faspay_sandbox_approve(sandbox, NULL, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "trx_id");
  free(trx3);
  trx3 = create(client, "C-4");
  CHECK(expect_ok(faspay_sandbox_expire(sandbox, trx3, &err), &err));
  free(trx3);
  trx3 = create(client, "C-5");
  CHECK(expect_ok(faspay_sandbox_request_count(sandbox, "create_transaction", &count, &err), &err));
  CHECK(count == 6);
  expect_error(faspay_sandbox_request_count(sandbox, "teleport", &count, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "operation");

  /* Faults map to error codes. */
  CHECK(expect_ok(faspay_sandbox_set_fault(
                      sandbox, "{\"endpoint\":\"payment_status\",\"kind\":\"server_error\",\"status\":503}",
                      &err),
                  &err));
  out = NULL;
  {
    faspay_status status = faspay_client_payment_status(client, trx, "C-1", &out, &err);
    CHECK(status == FASPAY_STATUS_TRANSPORT);
    CHECK(err != NULL && faspay_error_http_status(err) == 503);
    faspay_error_free(err);
    err = NULL;
  }
  CHECK(expect_ok(faspay_sandbox_clear_faults(sandbox, &err), &err));
  CHECK(expect_ok(faspay_sandbox_set_fault(sandbox, "{\"kind\":\"html_page\",\"times\":1}", &err),
                  &err));
  expect_error(faspay_client_payment_channels(client, &out, &err), &err,
               FASPAY_STATUS_MALFORMED_RESPONSE, NULL);
  expect_error(faspay_sandbox_set_fault(sandbox, "{\"kind\":\"meteor\"}", &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "kind");
  expect_error(faspay_sandbox_set_fault(sandbox, "{\"kind\":\"reset\"} x", &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "fault_json");
  expect_error(faspay_sandbox_set_fault(sandbox, "[]", &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "fault_json");
  /* A read timeout: 1 s of latency against a 0.2 s timeout, no retries. */
  {
    char slow_config[1024];
    snprintf(slow_config, sizeof slow_config,
             "{\"merchant_id\":\"99999\",\"merchant_name\":\"Sophia Store\",\"user_id\":\"%s\","
             "\"password\":\"%s\",\"base_url\":\"%s\",\"timeout\":0.2,\"max_retries\":0}",
             USER, PASSWORD, url);
    CHECK(expect_ok(faspay_client_new(slow_config, &slow, &err), &err));
    CHECK(expect_ok(faspay_sandbox_set_fault(
                        sandbox, "{\"kind\":\"latency\",\"ms\":1000,\"times\":1}", &err),
                    &err));
    expect_error(faspay_client_payment_channels(slow, &out, &err), &err, FASPAY_STATUS_TIMEOUT,
                 NULL);
    faspay_client_free(slow);
  }

  /* Notifications: delivered to an endpoint that is down, so the attempt is recorded with
   * its signed body; the client verifies it like a merchant server. */
  CHECK(expect_ok(faspay_sandbox_set_notify_format(sandbox, "xml", &err), &err));
  expect_error(faspay_sandbox_set_notify_format(sandbox, "csv", &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, NULL);
  CHECK(expect_ok(faspay_sandbox_set_notify_retries(sandbox, 0, 0.01, &err), &err));
  CHECK(expect_ok(faspay_sandbox_set_push_delay(sandbox, 0.0, &err), &err));
  CHECK(expect_ok(faspay_sandbox_set_notify_url(sandbox, "http://127.0.0.1:9/notify", &err), &err));
  free(trx2);
  trx2 = create(client, "N-1");
  CHECK(expect_ok(faspay_sandbox_approve(sandbox, trx2, &err), &err));
  CHECK(expect_ok(faspay_sandbox_wait_for_deliveries(sandbox, 1, 60.0, &reached, &err), &err));
  CHECK(reached);
  out = NULL;
  out = take(faspay_sandbox_deliveries(sandbox, &out, &err), &out, &err);
  body = json_get(out, "request_body");
  faspay_string_free(out);
  CHECK(body != NULL && strstr(body, "<faspay>") != NULL);
  if (body != NULL) {
    char *forged;
    char *pos;
    out = NULL;
    out = take(faspay_client_parse_notification(client, (const uint8_t *)body, strlen(body), &out,
                                                &err),
               &out, &err);
    CHECK(json_is(out, "bill_no", "N-1"));
    CHECK(json_is(out, "payment_total", "15000.50"));
    CHECK(json_is(out, "format", "xml"));
    CHECK(json_is(out, "reply_content_type", "text/xml; charset=UTF-8"));
    CHECK(json_is(out, "dedupe_key", "99999:N-1:2"));
    /* The status inquiry of the same paid event has the same key: an event learnt either
     * way is applied once. */
    {
      char *notification_key = json_get(out, "dedupe_key");
      char *status_json = NULL;
      status_json = take(faspay_client_payment_status(client, trx2, "N-1", &status_json, &err),
                         &status_json, &err);
      CHECK(json_is(status_json, "payment_status_code", "2"));
      CHECK(notification_key != NULL && json_is(status_json, "dedupe_key", notification_key));
      /* Its paid total against the order's, by the core's PaymentStatus::check_total. */
      {
        char *paid_total = json_get(status_json, "payment_total");
        CHECK(paid_total != NULL && strcmp(paid_total, "15000.50") == 0);
        CHECK(expect_ok(faspay_payment_status_check_total(paid_total, "15000.50", &err), &err));
        expect_error(faspay_payment_status_check_total(paid_total, "15000", &err), &err,
                     FASPAY_STATUS_INVALID_ARGUMENT, "payment_total");
        expect_error(faspay_payment_status_check_total(paid_total, "15.000,50", &err), &err,
                     FASPAY_STATUS_INVALID_ARGUMENT, "expected");
        expect_error(faspay_payment_status_check_total(paid_total, NULL, &err), &err,
                     FASPAY_STATUS_NULL_ARGUMENT, "expected");
        /* A reported total that is no amount names payment_total, not the parser's "amount". */
        expect_error(faspay_payment_status_check_total("15.000,50", "15000.50", &err), &err,
                     FASPAY_STATUS_INVALID_ARGUMENT, "payment_total");
        /* An answer without a total (JSON null) passes: it need not carry one. */
        CHECK(expect_ok(faspay_payment_status_check_total(NULL, "15000.50", &err), &err));
        free(paid_total);
      }
      faspay_string_free(status_json);
      free(notification_key);
    }
    faspay_string_free(out);
    out = NULL;
    out = take(faspay_client_notification_reply(client, (const uint8_t *)body, strlen(body), true,
                                                "2026-12-01 10:00:00", &out, &err),
               &out, &err);
    CHECK(out != NULL && strstr(out, "<response_code>00</response_code>") != NULL);
    CHECK(out != NULL && strstr(out, "2026-12-01 10:00:00") != NULL);
    faspay_string_free(out);
    out = NULL;
    out = take(faspay_client_notification_reply(client, (const uint8_t *)body, strlen(body), false,
                                                NULL, &out, &err),
               &out, &err);
    CHECK(out != NULL && strstr(out, "<response_code>99</response_code>") != NULL);
    faspay_string_free(out);
    expect_error(faspay_client_notification_reply(client, (const uint8_t *)body, strlen(body),
                                                  true, "yesterday", &out, &err),
                 &err, FASPAY_STATUS_INVALID_ARGUMENT, "at");
    /* The paid amount against the order's total (amounts are not signed). */
    CHECK(expect_ok(faspay_client_notification_check_total(client, (const uint8_t *)body,
                                                           strlen(body), "15000.50", &err),
                    &err));
    expect_error(faspay_client_notification_check_total(client, (const uint8_t *)body,
                                                        strlen(body), "15000", &err),
                 &err, FASPAY_STATUS_INVALID_ARGUMENT, "payment_total");
    expect_error(faspay_client_notification_check_total(client, (const uint8_t *)body,
                                                        strlen(body), NULL, &err),
                 &err, FASPAY_STATUS_NULL_ARGUMENT, "expected");
    /* A forged status fails verification. */
    forged = (char *)malloc(strlen(body) + 1);
    strcpy(forged, body);
    pos = strstr(forged, "<payment_status_code>2<");
    CHECK(pos != NULL);
    if (pos != NULL) pos[strlen("<payment_status_code>")] = '3';
    expect_error(faspay_client_parse_notification(client, (const uint8_t *)forged, strlen(forged),
                                                  &out, &err),
                 &err, FASPAY_STATUS_INVALID_SIGNATURE, NULL);
    expect_error(faspay_client_notification_reply(client, (const uint8_t *)forged,
                                                  strlen(forged), true, NULL, &out, &err),
                 &err, FASPAY_STATUS_INVALID_SIGNATURE, NULL);
    expect_error(faspay_client_notification_check_total(client, (const uint8_t *)forged,
                                                        strlen(forged), "15000.50", &err),
                 &err, FASPAY_STATUS_INVALID_SIGNATURE, NULL);
    free(forged);
    free(body);
  }
  expect_error(faspay_client_parse_notification(client, (const uint8_t *)"hello", 5, &out, &err),
               &err, FASPAY_STATUS_INVALID_ARGUMENT, "body");
  expect_error(faspay_client_parse_notification(client, NULL, 5, &out, &err), &err,
               FASPAY_STATUS_NULL_ARGUMENT, "body");
  CHECK(expect_ok(faspay_sandbox_set_notify_url(sandbox, NULL, &err), &err));

  /* The clock: two days later the pending C-5 has expired. */
  {
    char *before = NULL, *after = NULL, *view = NULL;
    before = take(faspay_sandbox_now(sandbox, &before, &err), &before, &err);
    CHECK(before != NULL && strlen(before) == 19 && before[4] == '-' && before[10] == ' ');
    CHECK(expect_ok(faspay_sandbox_advance_clock(sandbox, 2 * 86400.0, &err), &err));
    after = take(faspay_sandbox_now(sandbox, &after, &err), &after, &err);
    CHECK(before != NULL && after != NULL && strcmp(after, before) > 0);
    view = take(faspay_sandbox_transaction(sandbox, trx3, &view, &err), &view, &err);
    CHECK(json_is(view, "bill_no", "C-5"));
    CHECK(json_is(view, "status", "7"));
    faspay_string_free(view);
    view = (char *)1;
    CHECK(expect_ok(faspay_sandbox_transaction(sandbox, "0000", &view, &err), &err) && view == NULL);
    expect_error(faspay_sandbox_transaction(sandbox, NULL, &view, &err), &err,
                 FASPAY_STATUS_NULL_ARGUMENT, "trx_id");
    faspay_string_free(before);
    faspay_string_free(after);
    expect_error(faspay_sandbox_now(NULL, &after, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
                 "sandbox");
  }
  expect_error(faspay_sandbox_advance_clock(sandbox, -1.0, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "seconds");
  out = NULL;
  out = take(faspay_sandbox_transactions(sandbox, &out, &err), &out, &err);
  CHECK(out != NULL && strstr(out, "\"bill_no\":\"C-5\",\"payment_channel\":\"812\",\"bill_total\":\"15000.50\",\"status\":7") != NULL);
  CHECK(out != NULL && strstr(out, "\"status\":3") != NULL);
  faspay_string_free(out);

  /* A reversal takes the paid C-1's payment back (4); a cancel then answers 80. A bill that
   * is not paid (C-5, expired) cannot be reversed. */
  CHECK(expect_ok(faspay_sandbox_reverse(sandbox, trx, &err), &err));
  out = NULL;
  out = take(faspay_client_payment_status(client, trx, "C-1", &out, &err), &out, &err);
  CHECK(json_is(out, "payment_status_code", "4"));
  CHECK(json_is(out, "is_paid", "false"));
  faspay_string_free(out);
  out = NULL;
  {
    faspay_status status =
        faspay_client_cancel_transaction(client, trx, "C-1", "customer asked", &out, &err);
    CHECK(status == FASPAY_STATUS_API_ERROR);
    CHECK(err != NULL && strcmp(faspay_error_response_code(err), "80") == 0);
    faspay_error_free(err);
    err = NULL;
  }
  expect_error(faspay_sandbox_reverse(sandbox, trx3, &err), &err, FASPAY_STATUS_INVALID_ARGUMENT,
               NULL);
  expect_error(faspay_sandbox_reverse(sandbox, NULL, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "trx_id");

  faspay_string_free(url);
  faspay_string_free(config);
  free(trx);
  free(trx2);
  free(trx3);
  CHECK(log_events >= 10);
  CHECK(log_failed_events >= 3);
  CHECK(faspay_client_set_logger(client, NULL, NULL) == FASPAY_STATUS_OK);
  faspay_client_free(client);
  faspay_sandbox_stop(sandbox);
}

static void test_offline_building_blocks(void) {
  faspay_client *client = NULL;
  faspay_error *err = NULL;
  char *out = NULL, *json = bill_json("OFF-1");
  const char *paid =
      "{\"response\":\"Inquiry Payment Status\",\"trx_id\":\"9999971600246827\",\"merchant_id\":"
      "\"99999\",\"merchant\":\"Sophia Store\",\"bill_no\":\"INV-1\",\"payment_reff\":\"123\","
      "\"payment_date\":\"2026-11-23 10:05:00\",\"payment_status_code\":\"2\","
      "\"payment_status_desc\":\"Payment Sukses\",\"payment_total\":\"2500000\","
      "\"response_code\":\"00\",\"response_desc\":\"Sukses\"}";
  const char *query =
      "trx_id=8985999990013136&merchant_id=99999&merchant=FASPAY+STORE&bill_no=4370&bill_ref=4370&"
      "bill_total=10000&bank_user_name=FaspayTest&status=0&signature="
      "0da33ad07fe9980f7b7ff70a964803e821a86866";
  CHECK(expect_ok(faspay_client_new("{\"merchant_id\":\"99999\",\"merchant_name\":\"Sophia Store\","
                                    "\"user_id\":\"bot99999\",\"password\":\"p@ssw0rd\","
                                    "\"base_url\":\"http://127.0.0.1:1\"}",
                                    &client, &err),
                  &err));
  if (client == NULL) return;
  out = take(faspay_client_prepare_payment_channels(client, &out, &err), &out, &err);
  CHECK(json_is(out, "method", "POST") && json_is(out, "content_type", "application/json"));
  faspay_string_free(out);
  out = NULL;
  out = take(faspay_client_prepare_create_transaction(client, json, &out, &err), &out, &err);
  CHECK(out != NULL && strstr(out, "OFF-1") != NULL);
  faspay_string_free(out);
  out = NULL;
  /* A bill that is no JSON object is refused as a whole (field bill, as in Python and Node);
   * a bad field is named. */
  expect_error(faspay_client_prepare_create_transaction(client, "[]", &out, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "bill");
  expect_error(faspay_client_prepare_create_transaction(client, "not json", &out, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "bill");
  expect_error(faspay_client_prepare_create_transaction(client, "{}", &out, &err), &err,
               FASPAY_STATUS_INVALID_ARGUMENT, "bill_no");
  CHECK(out == NULL);
  out = take(faspay_client_prepare_payment_status(client, "9999971600246827", "OFF-1", &out, &err),
             &out, &err);
  CHECK(out != NULL && strstr(out, "/cvr/100004/10") != NULL);
  faspay_string_free(out);
  out = NULL;
  out = take(faspay_client_prepare_cancel_transaction(client, "9999971600246827", "OFF-1", "why",
                                                      &out, &err),
             &out, &err);
  CHECK(out != NULL && strstr(out, "payment_cancel") != NULL);
  faspay_string_free(out);
  out = NULL;
  out = take(faspay_client_prepare_ovo_push(client, "9999971600246827", "081234567890", &out, &err),
             &out, &err);
  CHECK(json_is(out, "content_type", "application/x-www-form-urlencoded"));
  faspay_string_free(out);
  out = NULL;
  out = take(faspay_client_decode_response(client, "payment_status", 200, (const uint8_t *)paid,
                                           strlen(paid), &out, &err),
             &out, &err);
  CHECK(json_is(out, "payment_total", "25000"));
  CHECK(json_is(out, "is_final", "true"));
  faspay_string_free(out);
  expect_error(faspay_client_decode_response(client, "payment_status", 200,
                                             (const uint8_t *)"<html>", 6, &out, &err),
               &err, FASPAY_STATUS_MALFORMED_RESPONSE, NULL);
  expect_error(faspay_client_decode_response(client, "teleport", 200, (const uint8_t *)paid,
                                             strlen(paid), &out, &err),
               &err, FASPAY_STATUS_INVALID_ARGUMENT, "operation");
  out = NULL;
  out = take(faspay_client_verify_return(client, query, &out, &err), &out, &err);
  CHECK(json_is(out, "bill_reff", "4370") && json_is(out, "bill_total", "100"));
  faspay_string_free(out);
  {
    char *tampered = (char *)malloc(strlen(query) + 1);
    strcpy(tampered, query);
    strstr(tampered, "status=0")[1] = 'x'; /* renames the status parameter */
    expect_error(faspay_client_verify_return(client, tampered, &out, &err), &err,
                 FASPAY_STATUS_INVALID_ARGUMENT, NULL);
    strcpy(tampered, query);
    strstr(tampered, "status=0")[7] = '2';
    expect_error(faspay_client_verify_return(client, tampered, &out, &err), &err,
                 FASPAY_STATUS_INVALID_SIGNATURE, NULL);
    free(tampered);
  }
  /* No network: a closed port is a transport error that was not sent. */
  {
    faspay_status status = faspay_client_payment_channels(client, &out, &err);
    CHECK(status == FASPAY_STATUS_TRANSPORT || status == FASPAY_STATUS_TIMEOUT);
    CHECK(err != NULL && faspay_error_http_status(err) == 0);
    faspay_error_free(err);
  }
  free(json);
  faspay_client_free(client);
}

static int warning_events = 0;

static void on_warning(void *user_data, const faspay_log_event *event) {
  (void)user_data;
  if (event->warning != NULL) {
    CHECK(event->attempt == 0 && event->http_status == 0);
    CHECK(strcmp(event->operation, "create_transaction") == 0);
    warning_events++;
  }
}

static void test_bill_numbers_and_warnings(void) {
  char *a = NULL, *b = NULL, *warning = NULL, *out = NULL, *config = NULL;
  faspay_error *err = NULL;
  faspay_sandbox *sandbox = NULL;
  faspay_client *client = NULL;
  const char *collide[2] = {"1000", "10002"};
  const char *fixed[2] = {"1000", "2000"};
  size_t i;

  a = take(faspay_bill_no_generate(&a, &err), &a, &err);
  b = take(faspay_bill_no_generate(&b, &err), &b, &err);
  CHECK(a != NULL && b != NULL && strlen(a) == FASPAY_GENERATED_BILL_NO_LENGTH && strcmp(a, b) != 0);
  CHECK(FASPAY_GENERATED_BILL_NO_LENGTH == 16);
  CHECK(a != NULL && a[0] != '0');
  for (i = 0; a != NULL && i < strlen(a); i++) CHECK(a[i] >= '0' && a[i] <= '9');
  faspay_string_free(a);
  faspay_string_free(b);
  expect_error(faspay_bill_no_generate(NULL, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "bill_no_out");

  warning = (char *)1;
  CHECK(expect_ok(faspay_bill_no_prefix_risk(collide, 2, &warning, &err), &err));
  CHECK(warning != NULL && strstr(warning, "10002") != NULL);
  faspay_string_free(warning);
  CHECK(expect_ok(faspay_bill_no_prefix_risk(fixed, 2, &warning, &err), &err));
  CHECK(warning == NULL);
  CHECK(expect_ok(faspay_bill_no_prefix_risk(NULL, 0, &warning, &err), &err));
  CHECK(warning == NULL);
  expect_error(faspay_bill_no_prefix_risk(NULL, 2, &warning, &err), &err,
               FASPAY_STATUS_NULL_ARGUMENT, "bill_nos");

  /* The default sandbox accepts a reused bill number, with a warning; the client warns
   * through the logger when its bill numbers have variable lengths (W-1 then W-12). */
  CHECK(expect_ok(faspay_sandbox_start("{\"push_delay\":0}", &sandbox, &err), &err));
  if (sandbox == NULL) return;
  config = take(faspay_sandbox_client_config(sandbox, &config, &err), &config, &err);
  CHECK(expect_ok(faspay_client_new(config, &client, &err), &err));
  faspay_string_free(config);
  if (client == NULL) return;
  CHECK(faspay_client_set_logger(client, on_warning, NULL) == FASPAY_STATUS_OK);
  free(create(client, "W-1"));
  free(create(client, "W-1"));
  free(create(client, "W-12"));
  CHECK(warning_events >= 1);
  /* unique_bill_no turns the reuse warning into Faspay's 14. */
  CHECK(expect_ok(faspay_sandbox_set_unique_bill_no(sandbox, true, &err), &err));
  {
    char *json = bill_json("W-1");
    faspay_status status = faspay_client_create_transaction(client, json, &out, &err);
    CHECK(status == FASPAY_STATUS_API_ERROR);
    CHECK(err != NULL && strcmp(faspay_error_response_code(err), "14") == 0);
    faspay_error_free(err);
    err = NULL;
    free(json);
  }
  CHECK(expect_ok(faspay_sandbox_set_unique_bill_no(sandbox, false, &err), &err));
  /* Strict mode refuses what it would otherwise accept with a warning (a reused bill_no). */
  CHECK(expect_ok(faspay_sandbox_set_strict(sandbox, true, &err), &err));
  {
    char *json = bill_json("W-12");
    faspay_status status = faspay_client_create_transaction(client, json, &out, &err);
    CHECK(status == FASPAY_STATUS_API_ERROR);
    faspay_error_free(err);
    err = NULL;
    free(json);
  }
  CHECK(expect_ok(faspay_sandbox_set_strict(sandbox, false, &err), &err));
  expect_error(faspay_sandbox_set_strict(NULL, true, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "sandbox");
  out = take(faspay_sandbox_warnings(sandbox, &out, &err), &out, &err);
  CHECK(out != NULL && strstr(out, "\"kind\":\"bill_no_reused\"") != NULL);
  faspay_string_free(out);
  CHECK(expect_ok(faspay_sandbox_clear_warnings(sandbox, &err), &err));
  /* The raw requests: the three Post Data calls, byte for byte. */
  out = NULL;
  out = take(faspay_sandbox_received_requests(sandbox, &out, &err), &out, &err);
  CHECK(out != NULL && strstr(out, "\"path\":\"/cvr/300011/10\"") != NULL);
  CHECK(out != NULL && strstr(out, "\\\"bill_no\\\":\\\"W-12\\\"") != NULL);
  /* An oracle apart from the library: the signature Python's hashlib gives for
   * sha1(md5("bot99999p@ssw0rdW-12")) and Rp 15000.50 as 1500050 sen, as the sandbox received
   * them. */
  CHECK(out != NULL &&
        strstr(out, "\\\"signature\\\":\\\"1ce6ee604232eba090ad895b697dceab2fa6aee9\\\"") != NULL);
  CHECK(out != NULL && strstr(out, "\\\"bill_total\\\":\\\"1500050\\\"") != NULL);
  CHECK(out != NULL && strstr(out, "\"seq\":5") != NULL && strstr(out, "\"seq\":6") == NULL);
  faspay_string_free(out);
  CHECK(expect_ok(faspay_sandbox_clear_received_requests(sandbox, &err), &err));
  out = NULL;
  out = take(faspay_sandbox_received_requests(sandbox, &out, &err), &out, &err);
  CHECK(out != NULL && strcmp(out, "[]") == 0);
  faspay_string_free(out);
  out = NULL;
  out = take(faspay_sandbox_warnings(sandbox, &out, &err), &out, &err);
  CHECK(out != NULL && strcmp(out, "[]") == 0);
  faspay_string_free(out);
  expect_error(faspay_sandbox_warnings(NULL, &out, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "sandbox");
  faspay_client_free(client);
  faspay_sandbox_stop(sandbox);
}

/* A sandbox client config with `extra` (JSON members) appended; caller frees. */
static char *config_with(const faspay_sandbox *sandbox, const char *extra) {
  char *config = NULL, *joined;
  faspay_error *err = NULL;
  size_t n;
  config = take(faspay_sandbox_client_config(sandbox, &config, &err), &config, &err);
  if (config == NULL) return NULL;
  n = strlen(config);
  joined = (char *)malloc(n + strlen(extra) + 2);
  if (joined != NULL) {
    memcpy(joined, config, n - 1); /* without the closing brace */
    sprintf(joined + n - 1, ",%s}", extra);
  }
  faspay_string_free(config);
  return joined;
}

/* The settable path codes, as the sandbox's raw request log shows them. */
static void test_path_codes(void) {
  faspay_sandbox *sandbox = NULL;
  faspay_client *client = NULL, *refused = (faspay_client *)1;
  faspay_error *err = NULL;
  char *config = NULL, *out = NULL, *trx = NULL;

  CHECK(expect_ok(faspay_sandbox_start("{\"push_delay\":0}", &sandbox, &err), &err));
  if (sandbox == NULL) return;
  config = config_with(sandbox,
                       "\"format\":\"xml\",\"redirect_code\":\"R42\","
                       "\"xml_codes\":{\"payment_channels\":\"CH1\",\"payment_status\":\"ST2\"}");
  CHECK(config != NULL && expect_ok(faspay_client_new(config, &client, &err), &err));
  free(config);
  if (client == NULL) return;
  CHECK(expect_ok(faspay_sandbox_clear_received_requests(sandbox, &err), &err));
  out = take(faspay_client_payment_channels(client, &out, &err), &out, &err);
  faspay_string_free(out);
  trx = create(client, "CODES-1");
  if (trx != NULL) {
    out = NULL;
    out = take(faspay_client_payment_status(client, trx, "CODES-1", &out, &err), &out, &err);
    faspay_string_free(out);
    out = NULL;
    out = take(faspay_client_redirect_url(client, trx, "CODES-1", &out, &err), &out, &err);
    CHECK(out != NULL && strstr(out, "/pws/100003/R42/") != NULL);
    faspay_string_free(out);
    free(trx);
  }
  /* Overridden codes replace the segment; create_transaction keeps the sandbox's default. */
  out = NULL;
  out = take(faspay_sandbox_received_requests(sandbox, &out, &err), &out, &err);
  CHECK(out != NULL && strstr(out, "\"path\":\"/pws/100001/CH1\"") != NULL);
  CHECK(out != NULL && strstr(out, "\"path\":\"/pws/300011/183xx00010100000\"") != NULL);
  CHECK(out != NULL && strstr(out, "\"path\":\"/pws/100004/ST2\"") != NULL);
  faspay_string_free(out);
  faspay_client_free(client);

  /* The settings read back what the setters changed. */
  out = NULL;
  out = take(faspay_sandbox_settings(sandbox, &out, &err), &out, &err);
  CHECK(out != NULL && strstr(out, "\"notify_url\":null") != NULL);
  CHECK(out != NULL && strstr(out, "\"push_delay\":0.0") != NULL);
  CHECK(out != NULL && strstr(out, "\"strict\":false") != NULL);
  faspay_string_free(out);
  CHECK(expect_ok(faspay_sandbox_set_notify_url(sandbox, "http://127.0.0.1:9/n", &err), &err));
  CHECK(expect_ok(faspay_sandbox_set_notify_format(sandbox, "xml", &err), &err));
  CHECK(expect_ok(faspay_sandbox_set_push_delay(sandbox, 1.5, &err), &err));
  CHECK(expect_ok(faspay_sandbox_set_strict(sandbox, true, &err), &err));
  CHECK(expect_ok(faspay_sandbox_set_unique_bill_no(sandbox, true, &err), &err));
  out = NULL;
  out = take(faspay_sandbox_settings(sandbox, &out, &err), &out, &err);
  CHECK(json_is(out, "notify_url", "http://127.0.0.1:9/n"));
  CHECK(json_is(out, "notify_format", "xml"));
  CHECK(out != NULL && strstr(out, "\"push_delay\":1.5") != NULL);
  CHECK(out != NULL && strstr(out, "\"strict\":true") != NULL);
  CHECK(out != NULL && strstr(out, "\"unique_bill_no\":true") != NULL);
  faspay_string_free(out);
  expect_error(faspay_sandbox_settings(NULL, &out, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "sandbox");
  expect_error(faspay_sandbox_settings(sandbox, NULL, &err), &err, FASPAY_STATUS_NULL_ARGUMENT,
               "json_out");

  config = config_with(sandbox, "\"xml_codes\":{\"ovo_push\":\"X1\"}");
  expect_error(faspay_client_new(config, &refused, &err), &err, FASPAY_STATUS_INVALID_ARGUMENT,
               "xml_codes");
  CHECK(refused == NULL);
  free(config);
  config = config_with(sandbox, "\"redirect_code\":\"a/b\"");
  expect_error(faspay_client_new(config, &refused, &err), &err, FASPAY_STATUS_INVALID_ARGUMENT,
               "redirect_code");
  free(config);
  config = config_with(sandbox, "\"xml_codes\":{\"payment_status\":7}");
  expect_error(faspay_client_new(config, &refused, &err), &err, FASPAY_STATUS_INVALID_ARGUMENT,
               "xml_codes.payment_status");
  free(config);
  faspay_sandbox_stop(sandbox);
}

int main(void) {
  test_version();
  test_status_names();
  test_code_descriptions();
  test_signatures();
  test_amounts();
  test_config_errors();
  test_offline_building_blocks();
  test_sandbox_operations();
  test_bill_numbers_and_warnings();
  test_path_codes();
  return check_report("api_test");
}
