using System.Text.Json.Serialization;

namespace ObrasQr.Progress;

/// <summary>Who states an entry's progress: pages attribute each entry to its source, in its own words.</summary>
public enum ProgressSource
{
    /// <summary>The contracting office, from its desk or the API (every entry recorded before sources were kept).</summary>
    Office,
    /// <summary>SECOP II's contract execution dataset (datos.gov.co mfmm-jqmq), read by the sync.</summary>
    Secop,
}

/// <summary>How stores write a <see cref="ProgressSource"/>: a stored value that is missing means the office.</summary>
public static class ProgressSources
{
    public static string Code(ProgressSource source) => source == ProgressSource.Secop ? "secop" : "office";

    public static ProgressSource Parse(string? code) =>
        string.Equals(code, "secop", StringComparison.Ordinal) ? ProgressSource.Secop : ProgressSource.Office;
}

/// <summary>
/// What was seen of a work on a given day: the physical progress ("% ejecutado", as Bogotá's Acuerdo 787 de 2020 asks
/// billboards to show), a short note, photos cleaned like citizens' ones, and where. Most are the contracting office's
/// claims, recorded by a named person for accountability; others are what SECOP II's execution dataset states
/// (<see cref="Source"/>). Pages attribute each entry to its source.
/// </summary>
public sealed record ProgressEntry
{
    public required string EntryId { get; init; }
    public required string ContractId { get; init; }
    /// <summary>The day the progress was observed (Colombian calendar), never after the day it was recorded.</summary>
    public required DateOnly ObservedOn { get; init; }
    /// <summary>Physical progress executed, 0 to 100, with at most one decimal.</summary>
    public required decimal Percent { get; init; }
    public string? Note { get; init; }
    /// <summary>Paths in the file store of the cleaned photos, in the order sent: photo n is Photos[n - 1] for good, even
    /// after it is taken off the page (<see cref="RemovedPhotos"/>). Public reads go through <see cref="PhotoAt"/>.</summary>
    public IReadOnlyList<string> Photos { get; init; } = [];
    /// <summary>Paths of the photos' small versions for the page's gallery, same order.</summary>
    public IReadOnlyList<string> Thumbnails { get; init; } = [];
    /// <summary>Numbers of the photos a correction took off the page. Their numbers stay empty rather than closing up,
    /// because a photo's address is served as immutable: it must never name other bytes. Entries stored before have none.</summary>
    public IReadOnlyList<int> RemovedPhotos { get; init; } = [];
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    /// <summary>Who recorded it (the desk's person or the API key's name). Kept for the record; never published.</summary>
    public required string RecordedBy { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
    /// <summary>Who states it. Stored beside the JSON (a column, a table property), not in it, so rows from before
    /// sources were kept read as the office's.</summary>
    [JsonIgnore] public ProgressSource Source { get; init; } = ProgressSource.Office;
    /// <summary>1 when recorded, one more with each correction: a correction names the version it corrects, so two
    /// people correcting the same entry at once cannot overwrite each other. Entries stored before corrections read 1.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The numbers of the photos the public sees, in order, with the gaps removed photos left.</summary>
    [JsonIgnore] public IReadOnlyList<int> ShownPhotos =>
        [.. Enumerable.Range(1, Photos.Count).Where(n => !RemovedPhotos.Contains(n))];

    /// <summary>The path of photo <paramref name="n"/> as the public may see it; null when there is none or it was removed.</summary>
    public string? PhotoAt(int n) => Shown(n) ? Photos[n - 1] : null;

    /// <summary>The path of photo <paramref name="n"/>'s thumbnail, under the same rule as <see cref="PhotoAt"/>.</summary>
    public string? ThumbnailAt(int n) => Shown(n) && n <= Thumbnails.Count ? Thumbnails[n - 1] : null;

    bool Shown(int n) => n >= 1 && n <= Photos.Count && !RemovedPhotos.Contains(n);
}

/// <summary>
/// An earlier state of an entry, kept when the office corrected or deleted it: what it was (<see cref="Was"/>, with its
/// <see cref="ProgressEntry.Version"/>), who changed it, when and why. Pages show only the current state; this is the record.
/// </summary>
public sealed record ProgressRevision
{
    public required ProgressEntry Was { get; init; }
    public required string ChangedBy { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
    /// <summary>True when the change deleted the entry (then <see cref="Reason"/> says why).</summary>
    public bool Deleted { get; init; }
    public string? Reason { get; init; }
}
