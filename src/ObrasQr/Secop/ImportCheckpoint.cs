using System.Text.Json;

namespace ObrasQr.Secop;

/// <summary>How far an import got: the rows read (from the file's start) and the tally of them, so that an import
/// taken over by another worker skips them and ends with the counts of one uninterrupted run.</summary>
public sealed record ImportCheckpoint(int Rows, int New, int Changed, int Unchanged, int Rejected, int Outdated, int RowsWithWarnings,
    int DuplicatesInBatch, int DuplicatesAcrossBatches, int NotOwned, bool Stamped, IReadOnlyList<RowError> Errors,
    IReadOnlyList<ErrorGroup> Groups, IReadOnlyList<string> Written)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public string ToJson() => JsonSerializer.Serialize(this, Json);
    public static ImportCheckpoint? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<ImportCheckpoint>(json, Json);
}

/// <summary>An import's resume point (<paramref name="From"/>, null for a fresh start) and where each batch saves its checkpoint.</summary>
public sealed record ImportCheckpoints(ImportCheckpoint? From, Func<ImportCheckpoint, Task> Save);
