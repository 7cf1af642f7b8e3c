/* One client shared by 4 threads against the embedded sandbox: each thread creates bills,
 * pushes, and checks they are paid, while a fifth thread sets the client's logger over and
 * over (documented as allowed while other threads use the client). A client is documented as
 * usable from several threads. */
#include <pthread.h>

#include "check.h"

#define THREADS 4
#define ROUNDS 5

static const faspay_client *shared_client;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int paid = 0;
static int errors = 0;
static int log_events = 0;

static void on_log(void *user_data, const faspay_log_event *event) {
  (void)event;
  pthread_mutex_lock(&lock);
  (*(int *)user_data)++;
  pthread_mutex_unlock(&lock);
}

/* Sets the logger while the workers run: its first call switches the client to a logged one. */
static void *logger_setter(void *arg) {
  int i;
  (void)arg;
  for (i = 0; i < 200; i++) {
    CHECK(faspay_client_set_logger(shared_client, on_log, &log_events) == FASPAY_STATUS_OK);
  }
  return NULL;
}

/* One bill: create, push, status paid. Returns 1 when it was paid. */
static int pay(int id, int round);

static void *worker(void *arg) {
  int id = *(int *)arg;
  int round;
  for (round = 0; round < ROUNDS; round++) {
    int ok = pay(id, round);
    pthread_mutex_lock(&lock);
    if (ok) paid++; else errors++;
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

static int pay(int id, int round) {
  char bill[1024], bill_no[32];
  char *out = NULL, *trx = NULL;
  faspay_error *err = NULL;
  int ok = 0;
  snprintf(bill_no, sizeof bill_no, "T%d-%d", id, round);
  snprintf(bill, sizeof bill,
           "{\"bill_no\":\"%s\",\"bill_desc\":\"Kopi\",\"bill_total\":15000,"
           "\"payment_channel\":\"812\",\"cust_no\":\"42\",\"cust_name\":\"Budi\","
           "\"billing_name\":\"Budi\",\"msisdn\":\"081234567890\",\"email\":\"b@example.com\","
           "\"item\":{\"product\":\"Kopi\",\"qty\":\"1\",\"amount\":15000}}",
           bill_no);
  if (faspay_client_create_transaction(shared_client, bill, &out, &err) == FASPAY_STATUS_OK) {
    trx = json_get(out, "trx_id");
    faspay_string_free(out);
    out = NULL;
    if (trx != NULL &&
        faspay_client_ovo_push(shared_client, trx, "081234567890", &out, &err) ==
            FASPAY_STATUS_OK) {
      faspay_string_free(out);
      out = NULL;
      if (faspay_client_payment_status(shared_client, trx, bill_no, &out, &err) ==
          FASPAY_STATUS_OK) {
        char *code = json_get(out, "payment_status_code");
        ok = code != NULL && strcmp(code, "2") == 0;
        free(code);
        faspay_string_free(out);
      }
    }
    free(trx);
  }
  if (err != NULL) {
    fprintf(stderr, "thread %d: %s\n", id, faspay_error_message(err));
    faspay_error_free(err);
  }
  return ok;
}

int main(void) {
  faspay_sandbox *sandbox = NULL;
  faspay_client *client = NULL;
  char *config = NULL;
  pthread_t threads[THREADS], setter;
  int ids[THREADS];
  int i;
  CHECK(faspay_sandbox_start("{\"push_delay\":0}", &sandbox, NULL) == FASPAY_STATUS_OK);
  CHECK(faspay_sandbox_client_config(sandbox, &config, NULL) == FASPAY_STATUS_OK);
  CHECK(faspay_client_new(config, &client, NULL) == FASPAY_STATUS_OK);
  faspay_string_free(config);
  shared_client = client;
  for (i = 0; i < THREADS; i++) {
    ids[i] = i;
    CHECK(pthread_create(&threads[i], NULL, worker, &ids[i]) == 0);
  }
  CHECK(pthread_create(&setter, NULL, logger_setter, NULL) == 0);
  for (i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
  pthread_join(setter, NULL);
  CHECK(paid == THREADS * ROUNDS);
  CHECK(errors == 0);
  /* Calls made before the first logger was set are not logged, the others are: at most one
   * event per HTTP attempt (3 per bill), and from now on exactly 3 more per bill. */
  {
    int before = log_events;
    CHECK(before <= THREADS * ROUNDS * 3);
    CHECK(pay(THREADS, 0) == 1);
    CHECK(log_events == before + 3);
  }
  {
    uint64_t count = 0;
    CHECK(faspay_sandbox_request_count(sandbox, "ovo_push", &count, NULL) == FASPAY_STATUS_OK);
    CHECK(count == THREADS * ROUNDS + 1);
  }
  faspay_client_free(client);
  faspay_sandbox_stop(sandbox);
  return check_report("threads_test");
}
