using System.Text.Json.Serialization;
using ObrasQr.Reports;

namespace ObrasQr.Accountability;

/// <summary>A status change as the figures need it: to what, and when (no note, no name).</summary>
public sealed record FactChange(
    [property: JsonPropertyName("t")] string To,
    [property: JsonPropertyName("a")] DateTimeOffset At);

/// <summary>
/// What the figures (<see cref="ReportFigures"/>, <see cref="SemiannualReport"/>, the desk's counts) need of one report,
/// kept per entity and month of receipt (<see cref="IReportFigureStore"/>): no text and no personal data. Short JSON
/// names: an entity's month of facts is one table row on Azure.
/// </summary>
public sealed record ReportFact(
    [property: JsonPropertyName("i")] string ReportId,
    [property: JsonPropertyName("c")] string ContractId,
    [property: JsonPropertyName("e")] string? EntityNit,
    [property: JsonPropertyName("k")] string Category,
    [property: JsonPropertyName("r")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("d")] DateOnly Deadline,
    [property: JsonPropertyName("f")] DateOnly ForwardBy,
    [property: JsonPropertyName("s")] string Status,
    [property: JsonPropertyName("v")] int Version,
    [property: JsonPropertyName("h")] IReadOnlyList<FactChange> Changes)
{
    public static ReportFact Of(Report report) => new(report.ReportId, report.ContractId, report.EntityNit, report.Category, report.ReceivedAt,
        report.Deadline, report.ForwardBy, report.Status, report.Version,
        // An assignment keeps the status (From == To): it moves no figure.
        [.. report.History.Where(c => c.From != c.To).Select(c => new FactChange(c.To, c.At))]);

    public bool IsOverdue(DateOnly today) => ReportStatus.IsOverdue(Status, Deadline, today);

    /// <summary>The month of receipt in Colombia, as "yyyyMM": the fact's place among its entity's months.</summary>
    public string Month => ReportTimeliness.DayOf(ReceivedAt).ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);
}
