/*
 * main.c - the headroom command line: parses arguments, wires the stages
 * (model, measurements, plan, outputs) together and chooses the exit code.
 *
 * Only this file prints to the terminal or decides the exit status.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "headroom/error.h"

static const char usage_text[] =
    "usage: headroom [report] [options]\n"
    "       headroom check [--model FILE]\n"
    "       headroom queue FILE [--json] [--method exact|approx|auto]\n"
    "       headroom fit usl FILE [--json] [--chart PNG] [--from-ramp]\n"
    "       headroom ingest [--format NAME] [--json] FILE...\n"
    "\n"
    "Turns a growth model and measured load-test results into a capacity\n"
    "plan: an Excel workbook, PNG charts, a PDF report and a summary.\n"
    "\n"
    "commands:\n"
    "  report        run the whole job (the default)\n"
    "  check         validate the model only and print its warnings\n"
    "  queue         solve a queueing network file (open or closed)\n"
    "  fit usl       fit the Universal Scalability Law to load-test data\n"
    "  ingest        read load-test and monitoring results, print "
    "percentiles\n"
    "  (each command's own options: headroom COMMAND --help)\n"
    "\n"
    "options:\n"
    "  -m, --model FILE     growth model (default models/doctrina.yaml)\n"
    "  -d, --data PATH      measured results: a file or a directory\n"
    "                       (default data/)\n"
    "  -o, --out DIR        output directory (default out/)\n"
    "  -t, --template FILE  report layout (default "
    "templates/capacity-plan.yaml)\n"
    "      --strict         exit 1 when a measured p95 target is missed\n"
    "  -q, --quiet          print errors only\n"
    "  -v, --verbose        say what each step does\n"
    "  -h, --help           show this help\n"
    "  -V, --version        show the version\n"
    "\n"
    "exit codes:\n"
    "  0  done\n"
    "  1  a judged target was missed (report --strict), or a queue\n"
    "     saturated (queue)\n"
    "  2  usage error\n"
    "  3  invalid input (model, data or template)\n"
    "  4  input/output or internal error\n";

enum { OPTION_STRICT = 256 };

static const struct option long_options[] = {
    {"model", required_argument, NULL, 'm'},
    {"data", required_argument, NULL, 'd'},
    {"out", required_argument, NULL, 'o'},
    {"template", required_argument, NULL, 't'},
    {"strict", no_argument, NULL, OPTION_STRICT},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* Prints "error: WHAT 'ARGUMENT'" and a hint; returns the usage exit code. */
static int usage_error(const char *what, const char *argument)
{
    fprintf(stderr, "error: %s '%s'\nTry 'headroom --help'.\n", what,
            argument);
    return HR_EXIT_USAGE;
}

/* Returns -1 to go on, or an exit code when parsing ends the run. */
static int parse_options(int argc, char **argv, hr_cli_options *options)
{
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:d:o:t:qvhV", long_options,
                            NULL)) != -1) {
        /* An empty path (an unset variable in a cron line) would mean the
         * working directory, or / for --out: never what was meant. */
        if (strchr("mdot", c) && c && optarg && !*optarg)
            return usage_error("this option needs a non-empty path:",
                               argv[optind - 1]);
        switch (c) {
        case 'm':
            options->model_path = optarg;
            break;
        case 'd':
            options->data_path = optarg;
            break;
        case 'o':
            options->out_dir = optarg;
            break;
        case 't':
            options->template_path = optarg;
            break;
        case OPTION_STRICT:
            options->strict = true;
            break;
        case 'q':
            options->verbosity = HR_LOG_QUIET;
            break;
        case 'v':
            options->verbosity = HR_LOG_VERBOSE;
            break;
        case 'h':
            fputs(usage_text, stdout);
            return HR_EXIT_OK;
        case 'V':
            printf("headroom %s\n", HEADROOM_VERSION);
            return HR_EXIT_OK;
        case ':':
            return usage_error("this option needs a value:",
                               argv[optind - 1]);
        default:
            return usage_error("unknown option", argv[optind - 1]);
        }
    }
    return -1;
}

/* The commands that take the report options. */
static int run_with_options(int (*command)(const hr_cli_options *),
                            int argc, char **argv)
{
    hr_cli_options options = {
        .model_path = "models/doctrina.yaml",
        .data_path = "data",
        .out_dir = "out",
        .template_path = "templates/capacity-plan.yaml",
        .verbosity = HR_LOG_NORMAL,
    };
    int parsed = parse_options(argc, argv, &options);

    if (parsed >= 0)
        return parsed;
    if (optind < argc)
        return usage_error("unexpected argument", argv[optind]);
    return command(&options);
}

static int report_command(int argc, char **argv)
{
    return run_with_options(hr_cli_report, argc, argv);
}

static int check_command(int argc, char **argv)
{
    return run_with_options(hr_cli_check, argc, argv);
}

/* Each command parses its own arguments; argv[0] is the command's name. */
static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"report", report_command},
    {"check", check_command},
    {"fit", hr_cli_fit},
    {"queue", hr_cli_queue},
    {"ingest", hr_cli_ingest},
};

int main(int argc, char **argv)
{
    hr_numeric_init();
    if (argc < 2 || argv[1][0] == '-')
        return report_command(argc, argv);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    return usage_error("unknown command", argv[1]);
}
