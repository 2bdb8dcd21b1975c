/* fuzz_loader.c -- libFuzzer target for the scenario loader: any bytes go
 * to cs_load_scenario_buffer(); whatever it returns is freed. Sanitizers
 * catch memory errors, leaks and undefined behaviour; libFuzzer's -timeout
 * and -rss_limit_mb catch slowness and memory blow-ups. */
#include <stddef.h>
#include <stdint.h>
#include "loader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cs_diag diag = {0};
    cs_model *m = cs_load_scenario_buffer("fuzz.yaml", (const char *)data,
                                          size, &diag);

    /* A model that loads must be whole: walk what the host would read. */
    if (m) {
        for (size_t i = 0; i < m->n_options; i++)
            for (size_t k = 0; k < m->options[i].view.n_consortia; k++)
                if (!m->options[i].consortia[k].key ||
                    !m->options[i].consortia[k].n_practices)
                    __builtin_trap();
    } else if (!diag.n_errors) {
        __builtin_trap();       /* refused without saying why */
    }
    cs_model_free(m);
    cs_diag_clear(&diag);
    return 0;
}
