using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ObrasQr.Reports;

/// <summary>
/// The auditors' list filters from the query string: contractId, status, category, from, to (days in Colombia,
/// both included, or ISO date-times), overdue=true, limit (1-200) and after (the opaque cursor of the previous page).
/// </summary>
public static class DeskFilter
{
    public const int DefaultLimit = 50, MaxLimit = 200;

    public static (ReportQuery? Query, (string Field, string Reason)? Problem) Parse(IQueryCollection q, DateOnly today)
    {
        var status = Text(q["status"]);
        if (status is not null && !ReportStatus.Labels.ContainsKey(status))
            return (null, ("status", $"Unknown status; use one of {string.Join(", ", ReportStatus.Labels.Keys)}."));
        var category = Text(q["category"]);
        if (category is not null && !ReportCategory.Labels.ContainsKey(category))
            return (null, ("category", $"Unknown category; use one of {string.Join(", ", ReportCategory.Labels.Keys)}."));
        if (!TryMoment(Text(q["from"]), endOfDay: false, out var from)) return (null, ("from", "Use a date (yyyy-MM-dd) or an ISO date-time."));
        if (!TryMoment(Text(q["to"]), endOfDay: true, out var to)) return (null, ("to", "Use a date (yyyy-MM-dd) or an ISO date-time."));
        var overdue = Text(q["overdue"]);
        if (overdue is not (null or "true" or "false")) return (null, ("overdue", "Use true or false."));
        var limit = DefaultLimit;
        if (Text(q["limit"]) is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            return (null, ("limit", $"Use a number from 1 to {MaxLimit}."));
        (DateTimeOffset, string)? after = null;
        if (Text(q["after"]) is { } cursor)
        {
            if (DecodeCursor(cursor) is not { } position) return (null, ("after", "Not a cursor returned by this list."));
            after = position;
        }
        return (new ReportQuery
        {
            ContractId = Text(q["contractId"]),
            Status = status,
            Category = category,
            From = from,
            To = to,
            OverdueOn = overdue == "true" ? today : null,
            After = after,
            Take = limit,
        }, null);
    }

    /// <summary>Position of a report in the list's order; opaque to clients so the order can change later.</summary>
    public static string EncodeCursor(Report last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{last.ReceivedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{last.ReportId}"));

    static (DateTimeOffset, string)? DecodeCursor(string cursor)
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
