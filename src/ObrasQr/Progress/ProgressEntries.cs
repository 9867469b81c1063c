using System.Globalization;

namespace ObrasQr.Progress;

/// <summary>How an entry reads: its addresses, figure and days, as pages, notes and the open data show them.</summary>
public static class ProgressEntries
{
    static readonly CultureInfo Colombian = CultureInfo.GetCultureInfo("es-CO");

    /// <summary>A progress figure in Spanish (es-CO: "42,5 %").</summary>
    public static string Percent(decimal percent) => percent.ToString("0.#", Colombian) + " %";

    public static string PhotoUrl(ProgressEntry entry, int n) =>
        $"/o/{Uri.EscapeDataString(entry.ContractId)}/avances/{entry.EntryId}/fotos/{n}";

    public static string ThumbnailUrl(ProgressEntry entry, int n) => PhotoUrl(entry, n) + "/miniatura";

    /// <summary>Who states it, as pages say "según …": every sentence about an entry names its source.</summary>
    public static string StatedBy(ProgressEntry entry) => entry.Source == ProgressSource.Secop ? "SECOP II" : "la oficina de contratación";

    /// <summary>The day it was recorded, in Colombia.</summary>
    public static DateOnly RecordedDay(ProgressEntry entry) => DateOnly.FromDateTime(entry.RecordedAt.ToOffset(ColombiaTime.Offset).DateTime);
}
