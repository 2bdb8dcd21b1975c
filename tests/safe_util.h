/* safe_util.h -- what the suites of issue 12 share (test_safe.c: what a
 * scenario may reach, the messages; test_outputs.c: the outputs): running
 * the program, a fresh folder per test, and a valid scenario in parts. */
#ifndef CS_SAFE_UTIL_H
#define CS_SAFE_UTIL_H

#define BIN CS_TEST_BUILDDIR "/consortia"
#define TP_DIR CS_TEST_BUILDDIR "/tests/plugins/.libs"
#define TP_GOOD TP_DIR "/tp_good.so"

/* The last run's standard output and error, and the test's folder. */
extern char *out, *err, *dir;

/* Runs argv (argv[0] the program) into out and err; its exit status. */
int run(char *argv[]);
#define RUN(...) run((char *[]){BIN, __VA_ARGS__, NULL})

/* A fresh folder per test (dir), removed with everything in it. */
void setup(void);
void teardown(void);

/* dir/name in one of four static buffers (slot 0..3). */
const char *at(int slot, const char *name);

/* Writes text to path (asserting it could). */
void write_file(const char *path, const char *text);

/* Writes dir/sub/s.yaml naming `file` as its practice CSV; its path. The
 * practices_csv value stands at line 11, column 16. */
const char *csv_scenario(const char *file);

/* The head of a valid scenario: two practices in two localities, one
 * option; `tail` adds practices_csv, criteria or more options. */
#define HEAD "format: 1\nscenario: {id: safe, name: Safe}\n" \
    "localities: [{id: east}, {id: west}]\n"
#define PRACTICES "practices:\n" \
    "  - {code: T1, name: One, locality: east, registered: 10000}\n" \
    "  - {code: T2, name: Two, locality: west, registered: 20000}\n"
#define OPTIONS "options:\n  - id: one\n    name: One\n    consortia:\n" \
    "      - {id: all, localities: [east, west]}\n"
#define GOOD "criteria:\n  - {plugin: tp_good, weight: 1}\n"
#define CSV_TEXT "practice_code,practice_name,registered_patients,locality\n" \
    "C1,Csv One,3000,east\n"

#endif /* CS_SAFE_UTIL_H */
