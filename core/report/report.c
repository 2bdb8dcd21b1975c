/* report.c -- choosing a report format. */
#include "report.h"

#include <string.h>

int cs_format_parse(const char *s, cs_format *out)
{
    static const char *const names[] = {"text", "json", "csv", "md", "html",
                                        "consortia-csv"};

    for (int i = 0; i < 6; i++)
        if (!strcmp(s, names[i])) {
            *out = (cs_format)i;
            return 0;
        }
    return -1;
}

int cs_report_write(const cs_appraisal *a, cs_format f, FILE *fp)
{
    switch (f) {
    case CS_FMT_TEXT: return cs_report_text(a, fp);
    case CS_FMT_JSON: return cs_report_json(a, fp);
    case CS_FMT_CSV: return cs_report_csv(a, fp);
    case CS_FMT_MD: return cs_report_md(a, fp);
    case CS_FMT_HTML: return cs_report_html(a, fp);
    case CS_FMT_CONSORTIA_CSV: return cs_report_consortia_csv(a, fp);
    }
    return -1;
}
