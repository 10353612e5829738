/*
 * formats.c - the table of result formats headroom reads (formats.h).
 *
 * One line per format: its --format name, a description, its sniffer and
 * its streaming reader. Detection tries the sniffers in table order, so a
 * format whose sniffer is strict comes before one that accepts more.
 */
#include "headroom/formats.h"

#include <string.h>

#include "headroom/jtl.h"
#include "input/readers.h"
#include "input/readers_b.h"

/*
 * Readers of other formats: include the header declaring your sniff and
 * read functions here, and add ONE line per format to the table below,
 * in the place its sniffer's strictness calls for (a sniffer that could
 * also accept another format's head goes after that format).
 */
static const hr_format hr_format_table[] = {
    {"jmeter-xml", "JMeter JTL XML", hr_jmeter_xml_sniff, hr_jmeter_xml_read},
    {"hdr-log", "HdrHistogram interval log", hr_hdr_log_sniff,
     hr_hdr_log_read},
    {"access-log", "nginx/Apache access log with request times",
     hr_access_log_sniff, hr_access_log_read},
    {"uptime", "uptime checks (headroom CSV, Upptime)", hr_uptime_sniff,
     hr_uptime_read},
    {"gatling-binary", "Gatling 3.13+ binary simulation.log (refused)",
     hr_gatling_binary_sniff, hr_gatling_binary_read},
    {"gatling", "Gatling simulation.log (text, 2.0 to 3.12)",
     hr_gatling_sniff, hr_gatling_read},
    {"k6-csv", "k6 CSV output", hr_k6_csv_sniff, hr_k6_csv_read},
    {"k6-json", "k6 JSON lines output", hr_k6_json_sniff, hr_k6_json_read},
    {"k6-dashboard", "xk6-dashboard recorded events (run summary)",
     hr_k6_dashboard_sniff, hr_k6_dashboard_read},
    {"k6-summary", "k6 end-of-test summary JSON", hr_k6_summary_sniff,
     hr_k6_summary_read},
    {"locust-history", "Locust _stats_history.csv",
     hr_locust_history_sniff, hr_locust_history_read},
    {"locust-failures", "Locust _failures.csv", hr_locust_failures_sniff,
     hr_locust_failures_read},
    {"locust-stats", "Locust _stats.csv / _requests.csv",
     hr_locust_stats_sniff, hr_locust_stats_read},
    {"locust-console", "Locust console statistics tables",
     hr_locust_console_sniff, hr_locust_console_read},
    {"wrk", "wrk and wrk2 text output", hr_wrk_sniff, hr_wrk_read},
    {"jmeter-csv", "JMeter JTL CSV", hr_jtl_csv_sniff,
     hr_jtl_csv_read_source},
};

const hr_format *hr_formats(size_t *count)
{
    *count = sizeof hr_format_table / sizeof *hr_format_table;
    return hr_format_table;
}

const hr_format *hr_format_find(const char *name)
{
    size_t count;
    const hr_format *formats = hr_formats(&count);

    for (size_t i = 0; name && i < count; i++) {
        if (strcmp(formats[i].name, name) == 0)
            return &formats[i];
    }
    return NULL;
}

const hr_format *hr_format_detect(const char *head, size_t length)
{
    size_t count;
    const hr_format *formats = hr_formats(&count);

    for (size_t i = 0; head && length && i < count; i++) {
        if (formats[i].sniff(head, length))
            return &formats[i];
    }
    return NULL;
}
