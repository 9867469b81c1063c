using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ObrasQr.Http;

namespace ObrasQr.Reports;

/// <summary>
/// The auditors' list filters from the query string: contractId, status, category, from, to (days in Colombia,
/// both included, or ISO date-times), overdue=true, dueWithin=N (open, not yet overdue, due within the next N business
/// days, Colombian holidays skipped), limit (1-200) and after (the opaque cursor of the previous page).
/// </summary>
public static class ReportFilter
{
    public const int DefaultLimit = 50, MaxLimit = 200;
    /// <summary>The longest "due within" window: the general term of a petition is 15 business days (Ley 1755 art. 14);
    /// 30 covers the longest term with its extension.</summary>
    public const int MaxDueWithin = 30;

    /// <param name="me">The caller's name, for asignado=yo ("Mis reportes").</param>
    public static (ReportQuery? Query, FieldProblem? Problem) Parse(ReportListQuery q, DateOnly today, string? me = null)
    {
        if (Text(q.Orden) is not (null or "plazo" or "recibido"))
            return (null, new FieldProblem("orden", "Ordene por plazo (primero lo que vence antes) o por recibido (lo más nuevo primero)."));
        if (Text(q.Asignado) is not (null or "yo"))
            return (null, new FieldProblem("asignado", "Use asignado=yo para ver solo sus reportes."));
        if (Text(q.Q) is { Length: > ReportSearch.MaxLength })
            return (null, new FieldProblem("q", $"Escriba hasta {ReportSearch.MaxLength} caracteres para buscar."));
        var status = Text(q.Status);
        if (status is not null && !ReportStatus.Labels.ContainsKey(status))
            return (null, new FieldProblem("status", $"Estado desconocido; use uno de: {string.Join(", ", ReportStatus.Labels.Keys)}."));
        var category = Text(q.Category);
        if (category is not null && !ReportCategory.Labels.ContainsKey(category))
            return (null, new FieldProblem("category", $"Categoría desconocida; use una de: {string.Join(", ", ReportCategory.Labels.Keys)}."));
        if (!TryMoment(Text(q.From), endOfDay: false, out var from)) return (null, new FieldProblem("from", DateReason));
        if (!TryMoment(Text(q.To), endOfDay: true, out var to)) return (null, new FieldProblem("to", DateReason));
        var overdue = Text(q.Overdue);
        if (overdue is not (null or "true" or "false")) return (null, new FieldProblem("overdue", "Use true o false."));
        DateOnly? dueBy = null;
        if (Text(q.DueWithin) is { } d)
        {
            if (!int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 0 or > MaxDueWithin)
                return (null, new FieldProblem("dueWithin", $"Use un número de días hábiles de 0 a {MaxDueWithin}."));
            dueBy = ColombianCalendar.AddBusinessDays(today, days);
        }
        var limit = DefaultLimit;
        if (Text(q.Limit) is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            return (null, new FieldProblem("limit", $"Use un número de 1 a {MaxLimit}."));
        (DateTimeOffset, string)? after = null;
        if (Text(q.After) is { } cursor)
        {
            if (DecodeCursor(cursor) is not { } position) return (null, new FieldProblem("after", "No es un cursor devuelto por esta lista."));
            after = position;
        }
        return (new ReportQuery
        {
            ContractId = Text(q.ContractId),
            Status = status,
            Category = category,
            From = from,
            To = to,
            OverdueOn = overdue == "true" ? today : null,
            // Due today is not yet overdue (Report.IsOverdue): the window starts today.
            DueFrom = dueBy is null ? null : today,
            DueBy = dueBy,
            After = after,
            Take = limit,
            ByDeadline = Text(q.Orden) == "plazo",
            AssignedTo = Text(q.Asignado) == "yo" ? me : null,
        }, null);
    }

    const string DateReason = "Use una fecha (aaaa-mm-dd) o una fecha y hora ISO 8601.";

    /// <summary>Position of a report in the list's order; opaque to clients so the order can change later.</summary>
    public static string EncodeCursor(Report last, bool byDeadline = false) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{(byDeadline ? ReportQuery.DeadlinePosition(last.Deadline) : last.ReceivedAt).UtcTicks.ToString(CultureInfo.InvariantCulture)}:{last.ReportId}"));

    public static (DateTimeOffset, string)? DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var colon = text.IndexOf(':');
            if (colon < 1 || !long.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks || colon == text.Length - 1) return null;
            return (new DateTimeOffset(ticks, TimeSpan.Zero), text[(colon + 1)..]);
        }
        catch (FormatException) { return null; }
    }

    static bool TryMoment(string? text, bool endOfDay, out DateTimeOffset? moment)
    {
        moment = null;
        if (text is null) return true;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            // A day is a Colombian day; "to" includes it, and the store's upper bound is exclusive.
            // The ends of the calendar have no next day (or no UTC instant): beyond any report, so open-ended.
            if (endOfDay && day >= DateOnly.MaxValue.AddDays(-1)) { moment = DateTimeOffset.MaxValue; return true; }
            if (!endOfDay && day <= DateOnly.MinValue.AddDays(1)) { moment = DateTimeOffset.MinValue; return true; }
            moment = new DateTimeOffset((endOfDay ? day.AddDays(1) : day).ToDateTime(TimeOnly.MinValue), ColombiaTime.Offset);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            moment = at;
            return true;
        }
        return false;
    }

    static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The report list's query string as the route binds it (the API and the desk's page): text, so a bad value gets a Spanish reason, not a bare 400.</summary>
/// <param name="Format">"csv" exports every match.</param>
/// <param name="Sep">"comma" for RFC 4180 (like datos.gov.co); otherwise, and with "semicolon", ";" as spreadsheets set to a
/// Spanish regional format (Colombia's Excel) expect.</param>
/// <param name="DueWithin">N business days: open reports due from today to N business days from today.</param>
/// <param name="TrackingCode">The citizen's tracking code (API): the one report it finds, if the caller may see it.</param>
/// <param name="Q">The desk's search box (<see cref="ReportSearch"/>).</param>
/// <param name="Orden">"plazo" (earliest deadline first) or "recibido" (newest first, the default).</param>
/// <param name="Asignado">"yo": only the reports assigned to the caller.</param>
public sealed record ReportListQuery(string? ContractId, string? Status, string? Category, string? From, string? To, string? Overdue,
    string? DueWithin, string? Limit, string? After, string? Format, string? Sep, string? TrackingCode = null, string? Q = null,
    string? Orden = null, string? Asignado = null);
