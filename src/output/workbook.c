/*
 * workbook.c - the capacity plan as an Excel workbook.
 *
 * Makes the workbook, its formats and document properties, then has each
 * sheet writer (sheet_*.c) add its sheet in order: Summary, Growth, Peaks,
 * Capacity, Measured, Assumptions. Every libxlsxwriter result is checked;
 * any failure, including one from workbook_close(), is HR_ERR_OUTPUT.
 */
#include "headroom/workbook.h"

#include <stdio.h>
#include <stdlib.h>

#include "output/sheet.h"

/* A sheet writer of sheet.h; the table lists them in workbook order. */
typedef hr_status (*sheet_writer)(lxw_workbook *book,
                                  const hr_sheet_formats *formats,
                                  const hr_plan *plan);

static const sheet_writer sheet_writers[] = {
    hr_sheet_write_summary,  hr_sheet_write_growth,
    hr_sheet_write_peaks,    hr_sheet_write_capacity,
    hr_sheet_write_measured, hr_sheet_write_assumptions,
};

/* Light grey behind header titles. */
#define HEADER_FILL 0xD9D9D9

/* A number format; NULL when libxlsxwriter cannot allocate it. */
static lxw_format *add_number_format(lxw_workbook *book, const char *code)
{
    lxw_format *format = workbook_add_format(book);

    if (format) {
        format_set_num_format(format, code);
        format_set_align(format, LXW_ALIGN_VERTICAL_TOP);
    }
    return format;
}

/* Makes the header, title and text formats. */
static int add_text_formats(lxw_workbook *book, hr_sheet_formats *formats)
{
    formats->title = workbook_add_format(book);
    formats->header = workbook_add_format(book);
    formats->label = workbook_add_format(book);
    formats->text = workbook_add_format(book);
    formats->wrap = workbook_add_format(book);
    formats->word = workbook_add_format(book);
    if (!formats->title || !formats->header || !formats->label ||
        !formats->text || !formats->wrap || !formats->word)
        return -1;

    format_set_bold(formats->title);
    format_set_font_size(formats->title, 14);
    format_set_bold(formats->header);
    format_set_text_wrap(formats->header);
    format_set_align(formats->header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(formats->header, HEADER_FILL);
    format_set_bottom(formats->header, LXW_BORDER_THIN);
    format_set_bold(formats->label);
    format_set_align(formats->label, LXW_ALIGN_VERTICAL_TOP);
    format_set_align(formats->text, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(formats->wrap);
    format_set_align(formats->wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_italic(formats->word);
    format_set_align(formats->word, LXW_ALIGN_RIGHT);
    format_set_align(formats->word, LXW_ALIGN_VERTICAL_TOP);
    return 0;
}

/* Makes the number formats: one per fixed kind, and "#,##0.0" to
 * "#,##0.000000" for values shown to three significant figures. */
static int add_number_formats(lxw_workbook *book, hr_sheet_formats *formats)
{
    static const char *const codes[HR_NUM_KIND_COUNT] = {
        [HR_NUM_INTEGER] = "#,##0",
        [HR_NUM_ONE] = "#,##0.0",
        [HR_NUM_TWO] = "0.00",
        [HR_NUM_PERCENT] = "0.00%",
    };
    char code[32] = "#,##0.";

    for (int kind = 0; kind < HR_NUM_KIND_COUNT; kind++) {
        if (!codes[kind])
            continue;
        formats->number[kind] = add_number_format(book, codes[kind]);
        if (!formats->number[kind])
            return -1;
    }
    formats->decimals[0] = formats->number[HR_NUM_INTEGER];
    for (int d = 1; d <= HR_SHEET_DECIMALS_MAX; d++) {
        code[5 + d] = '0';
        code[6 + d] = '\0';
        formats->decimals[d] = add_number_format(book, code);
        if (!formats->decimals[d])
            return -1;
    }
    return 0;
}

/* Makes every format the sheets use; -1 when one cannot be made. */
static int add_formats(lxw_workbook *book, hr_sheet_formats *formats)
{
    if (add_text_formats(book, formats) != 0)
        return -1;
    return add_number_formats(book, formats);
}

/* Title, subject, author and comments; the creation time is the plan's
 * so that the same plan gives the same file. */
static lxw_error set_properties(lxw_workbook *book, const hr_plan *plan)
{
    const hr_model *model = plan->model;
    const char *name = model->name ? model->name : "unnamed model";
    char title[256], subject[256], comments[1024], author[] = "headroom";
    lxw_doc_properties properties = {0};

    /* Properties are plain XML text, never evaluated; they are cut to the
     * buffers and cleaned so that the XML stays well formed. */
    snprintf(title, sizeof title, "Capacity plan: %s", name);
    snprintf(subject, sizeof subject, "%s",
             model->document ? model->document : title);
    snprintf(comments, sizeof comments,
             "Capacity plan and SLA verdicts for the model \"%s\" (%s)", name,
             model->path ? model->path : "no file");
    hr_sheet_clean_in_place(title);
    hr_sheet_clean_in_place(subject);
    hr_sheet_clean_in_place(comments);

    properties.title = title;
    properties.subject = subject;
    properties.author = author;
    properties.comments = comments;
    properties.created = plan->generated_at;
    return workbook_set_properties(book, &properties);
}

/* Adds properties and every sheet to an open workbook. */
static hr_status fill_workbook(lxw_workbook *book, const hr_plan *plan)
{
    hr_sheet_formats formats = {0};
    size_t count = sizeof sheet_writers / sizeof *sheet_writers;

    if (add_formats(book, &formats) != 0)
        return HR_ERR_OUTPUT;
    if (set_properties(book, plan) != LXW_NO_ERROR)
        return HR_ERR_OUTPUT;
    for (size_t i = 0; i < count; i++) {
        hr_status status = sheet_writers[i](book, &formats, plan);

        if (status != HR_OK)
            return status;
    }
    return HR_OK;
}

/* Writes the whole workbook; see workbook.h. */
hr_status hr_workbook_write(const hr_plan *plan, const char *path)
{
    lxw_workbook *book;
    hr_status status;

    if (!plan || !plan->model || !path)
        return HR_ERR_OUTPUT;
    book = workbook_new(path);
    if (!book)
        return HR_ERR_OUTPUT;

    status = fill_workbook(book, plan);
    if (status != HR_OK) {
        /* Frees without writing: nothing is written before close. */
        lxw_workbook_free(book);
        return status;
    }
    return workbook_close(book) == LXW_NO_ERROR ? HR_OK : HR_ERR_OUTPUT;
}
