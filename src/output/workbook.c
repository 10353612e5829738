/*
 * workbook.c - the capacity plan as an Excel workbook a manager can
 * explore.
 *
 * Opens the book (xlsx_book.h), sets the document properties, makes the
 * defined names of every input, then has each sheet writer (sheet_*.c)
 * add its sheet in order: Summary, Charts, Assumptions, Growth, Peaks,
 * Capacity, Sensitivity, Measured. Inputs sit on the Assumptions sheet;
 * every number a spreadsheet formula can express is a formula over them,
 * with the value headroom computed cached beside it. Any failure,
 * including one from workbook_close(), is HR_ERR_OUTPUT.
 */
#include "headroom/workbook.h"

#include <stdio.h>

#include "output/sheet.h"

/* A sheet writer of sheet.h; the table lists them in workbook order. */
typedef hr_status (*sheet_writer)(hr_plan_book *book);

static const sheet_writer sheet_writers[] = {
    hr_sheet_write_summary,     hr_sheet_write_charts,
    hr_sheet_write_assumptions, hr_sheet_write_growth,
    hr_sheet_write_peaks,       hr_sheet_write_capacity,
    hr_sheet_write_sensitivity, hr_sheet_write_measured,
};

/* Title, subject, model name and the plan's time as the creation time,
 * so that the same plan gives the same file. */
static hr_status set_properties(hr_plan_book *book)
{
    const hr_model *model = book->plan->model;
    const char *name = model->name ? model->name : "unnamed model";
    char title[512], keywords[512], comments[1024];
    const char *const custom[][2] = {
        {"Model", name},
        {"Model file", model->path ? model->path : "no file"},
        {"SLA document", model->document},
    };
    hr_xlsx_properties properties = {0};

    snprintf(title, sizeof title, "Capacity plan: %s", name);
    snprintf(keywords, sizeof keywords, "capacity plan, SLA, %s", name);
    snprintf(comments, sizeof comments,
             "Capacity plan and SLA verdicts for the model \"%s\" (%s); "
             "change the inputs on the Assumptions sheet",
             name, model->path ? model->path : "no file");
    properties.title = title;
    properties.subject = model->document ? model->document : title;
    properties.author = HR_SHEET_PROGRAM;
    properties.keywords = keywords;
    properties.category = "Capacity plan";
    properties.comments = comments;
    properties.created = book->plan->generated_at;
    properties.custom = custom;
    properties.custom_count = HR_SHEET_COUNT(custom);
    return hr_xlsx_book_properties(&book->xlsx, &properties);
}

/* Adds properties, names and every sheet to an open book. */
static hr_status fill_workbook(hr_plan_book *book)
{
    hr_status status = set_properties(book);

    if (status == HR_OK)
        status = hr_plan_names_make(book);
    for (size_t i = 0; status == HR_OK && i < HR_SHEET_COUNT(sheet_writers);
         i++)
        status = sheet_writers[i](book);
    return status;
}

/* Writes the whole workbook; see workbook.h. */
hr_status hr_workbook_write(const hr_plan *plan, const char *path)
{
    hr_plan_book book = {0};
    hr_status status;

    if (!plan || !plan->model || !path)
        return HR_ERR_OUTPUT;
    book.plan = plan;
    status = hr_xlsx_book_open(&book.xlsx, path);
    if (status != HR_OK)
        return status;

    status = fill_workbook(&book);
    hr_plan_names_release(&book);
    if (status != HR_OK) {
        /* Frees without writing: nothing is written before close. */
        hr_xlsx_book_discard(&book.xlsx);
        return status;
    }
    return hr_xlsx_book_close(&book.xlsx);
}
