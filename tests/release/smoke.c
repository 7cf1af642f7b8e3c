/* Smoke test of the C/PHP release bundle, built with its pkg-config file: one OVO checkout
 * against the embedded sandbox (create, push, the notification the sandbox sent verified by the
 * client, status paid) and the library's version. Usage: smoke EXPECTED_VERSION.
 * Run by scripts/test-release against the shared and the static library. */
#include "check.h"

#define BILL                                                                                 \
  "{\"bill_no\":\"REL-C-1\",\"bill_desc\":\"Kopi\",\"bill_total\":15000,"                   \
  "\"payment_channel\":\"812\",\"cust_no\":\"42\",\"cust_name\":\"Budi\","                 \
  "\"billing_name\":\"Budi\",\"msisdn\":\"081234567890\",\"email\":\"budi@example.com\","  \
  "\"item\":[{\"product\":\"Kopi\",\"qty\":\"1\",\"amount\":15000}]}"

int main(int argc, char **argv) {
  faspay_sandbox *sandbox = NULL;
  faspay_client *client = NULL;
  faspay_error *err = NULL;
  char *config = NULL, *created = NULL, *pushed = NULL, *deliveries = NULL;
  char *notification = NULL, *status = NULL, *trx = NULL, *body = NULL;
  bool reached = false;

  CHECK(argc == 2 && strcmp(faspay_version(), argv[1]) == 0);
  /* No merchant endpoint listens on port 9: the sandbox records the signed body it sent. */
  CHECK(expect_ok(faspay_sandbox_start("{\"push_delay\":0,\"notify_url\":\"http://127.0.0.1:9/n\","
                                       "\"notify_max_retries\":0}",
                                       &sandbox, &err),
                  &err));
  if (sandbox == NULL) return check_report("c bundle smoke");
  CHECK(expect_ok(faspay_sandbox_client_config(sandbox, &config, &err), &err));
  CHECK(expect_ok(faspay_client_new(config, &client, &err), &err));
  if (client != NULL) {
    CHECK(expect_ok(faspay_client_create_transaction(client, BILL, &created, &err), &err));
    trx = json_get(created, "trx_id");
    CHECK(trx != NULL && trx[0] != '\0');
  }
  if (trx != NULL) {
    CHECK(expect_ok(faspay_client_ovo_push(client, trx, "081234567890", &pushed, &err), &err));
    CHECK(expect_ok(faspay_sandbox_wait_for_deliveries(sandbox, 1, 60.0, &reached, &err), &err));
    CHECK(reached);
    CHECK(expect_ok(faspay_sandbox_deliveries(sandbox, &deliveries, &err), &err));
    body = json_get(deliveries, "request_body");
    CHECK(body != NULL);
    if (body != NULL) {
      CHECK(expect_ok(faspay_client_parse_notification(client, (const uint8_t *)body, strlen(body),
                                                       &notification, &err),
                      &err));
      CHECK(json_is(notification, "bill_no", "REL-C-1"));
      CHECK(json_is(notification, "payment_status_code", "2"));
    }
    CHECK(expect_ok(faspay_client_payment_status(client, trx, "REL-C-1", &status, &err), &err));
    CHECK(json_is(status, "is_paid", "true"));
    CHECK(json_is(status, "payment_total", "15000"));
  }
  free(trx);
  free(body);
  faspay_string_free(config);
  faspay_string_free(created);
  faspay_string_free(pushed);
  faspay_string_free(deliveries);
  faspay_string_free(notification);
  faspay_string_free(status);
  faspay_client_free(client);
  faspay_sandbox_stop(sandbox);
  return check_report("c bundle smoke");
}
