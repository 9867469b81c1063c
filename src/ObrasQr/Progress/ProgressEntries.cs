namespace ObrasQr.Progress;

/// <summary>Addresses and days of an entry, as pages and the open data show them.</summary>
public static class ProgressEntries
{
    public static string PhotoUrl(ProgressEntry entry, int n) =>
        $"/o/{Uri.EscapeDataString(entry.ContractId)}/avances/{entry.EntryId}/fotos/{n}";

    public static string ThumbnailUrl(ProgressEntry entry, int n) => PhotoUrl(entry, n) + "/miniatura";

    /// <summary>Who states it, as pages say "según …": every sentence about an entry names its source.</summary>
    public static string StatedBy(ProgressEntry entry) => entry.Source == ProgressSource.Secop ? "SECOP II" : "la oficina de contratación";

    /// <summary>The day it was recorded, in Colombia.</summary>
    public static DateOnly RecordedDay(ProgressEntry entry) => DateOnly.FromDateTime(entry.RecordedAt.ToOffset(ColombiaTime.Offset).DateTime);
}
