namespace ObrasQr.Progress;

/// <summary>
/// What the contracting office saw of a work on a given day: the physical progress it states ("% ejecutado", as
/// Bogotá's Acuerdo 787 de 2020 asks billboards to show), a short note, photos cleaned like citizens' ones, and where.
/// It is the office's claim, recorded by a named person for accountability; pages attribute it to the office.
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
    /// <summary>Paths in the file store of the cleaned photos, in the order sent.</summary>
    public IReadOnlyList<string> Photos { get; init; } = [];
    /// <summary>Paths of the photos' small versions for the page's gallery, same order.</summary>
    public IReadOnlyList<string> Thumbnails { get; init; } = [];
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    /// <summary>Who recorded it (the desk's person or the API key's name). Kept for the record; never published.</summary>
    public required string RecordedBy { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
}
