namespace ObrasQr.Secop;

/// <summary>A SECOP II export uploaded by the contracting office, and what importing it did.</summary>
public sealed record SecopExport
{
    public required string ExportId { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public long Size { get; init; }
    /// <summary>Where the raw file is kept, in the file store.</summary>
    public required string FilePath { get; init; }
    public required DateTimeOffset UploadedAt { get; init; }
    public required string UploadedBy { get; init; }
    /// <summary>The uploader's entity scope: only staff who see that entity see the upload, and only rows of that
    /// entity are applied. Null for an unscoped uploader (every entity).</summary>
    public string? EntityNit { get; init; }
    public string Status { get; init; } = ExportStatus.Pending;
    public DateTimeOffset? ImportedAt { get; init; }
    public ImportCounts Counts { get; init; } = new();
    /// <summary>Why the whole file was refused, when it was.</summary>
    public string? RejectionReason { get; init; }
    public IReadOnlyList<RowError> Errors { get; init; } = [];
    /// <summary>Every error, grouped by column and reason, with exact counts: what to fix, not a thousand copies.</summary>
    public IReadOnlyList<ErrorGroup> ErrorGroups { get; init; } = [];
    /// <summary>The contracts the import created or changed, the first <see cref="ImportResult.MaxWrittenIds"/>.</summary>
    public IReadOnlyList<string> WrittenIds { get; init; } = [];

    public SecopExport Completed(ImportResult result, DateTimeOffset at) => this with
    {
        Status = ExportStatus.Of(result),
        ImportedAt = at,
        Counts = result.Counts,
        RejectionReason = result.RejectionReason,
        Errors = result.Errors,
        ErrorGroups = result.ErrorGroups,
        WrittenIds = result.WrittenIds,
    };
}

public static class ExportStatus
{
    public const string Pending = "pending";
    public const string Imported = "imported";
    public const string ImportedWithWarnings = "imported_with_warnings";
    public const string Rejected = "rejected";
    /// <summary>Its import failed again and again (<see cref="Jobs.JobRunner.MaxAttempts"/>); RejectionReason says so in Spanish.</summary>
    public const string Failed = "failed";

    /// <summary>The end state: rejected when nothing of the file could be used (refused whole, or every row
    /// refused); with warnings when some row was refused or kept with an empty field.</summary>
    public static string Of(ImportResult result)
    {
        var c = result.Counts;
        if (result.RejectionReason is not null || (c.Rejected > 0 && c.New + c.Changed + c.Unchanged + c.Outdated == 0)) return Rejected;
        return c.Rejected > 0 || c.WithWarnings > 0 || result.Errors.Count > 0 ? ImportedWithWarnings : Imported;
    }
}

/// <summary>Rows by what importing them did. Outdated: stamped by SECOP earlier than the stored version, so not applied.
/// WithWarnings: rows kept with some field left empty. Duplicates: further rows of a contract already in the file
/// (counted once, under New/Changed/Unchanged, as the contract they are).</summary>
public sealed record ImportCounts(int New = 0, int Changed = 0, int Unchanged = 0, int Rejected = 0, int Outdated = 0, int WithWarnings = 0, int Duplicates = 0);

/// <summary>A cell that could not be read: its line in the file, the column and the reason, in Spanish.
/// RowKept: only that field was left empty (a warning); otherwise the whole row was refused.</summary>
public sealed record RowError(int Line, string? Column, string Reason, bool RowKept = false)
{
    /// <summary>Longest cell text quoted in a reason: a 5 MB cell must not make a 5 MB status answer.</summary>
    public const int ExcerptChars = 60;

    public static string Excerpt(string? text) =>
        text is null ? "" : text.Length <= ExcerptChars ? text : text[..ExcerptChars] + "…";
}

/// <summary>Errors of one column and one kind of reason. RowKept: warnings (the rows were imported).</summary>
public sealed record ErrorGroup(string? Column, bool RowKept, string Reason, int Count, IReadOnlyList<int> FirstLines)
{
    public const int LinesShown = 10;

    public static ErrorGroup First(RowError error, string kind) => new(error.Column, error.RowKept, kind, 1, [error.Line]);

    /// <summary>One more row with this error; the group keeps its lowest <see cref="LinesShown"/> lines, in order
    /// (rows may be reported a batch out of order).</summary>
    public ErrorGroup With(int line)
    {
        if (FirstLines.Count >= LinesShown && line >= FirstLines[^1]) return this with { Count = Count + 1 };
        var lines = new List<int>(FirstLines.Count + 1);
        lines.AddRange(FirstLines);
        var at = lines.BinarySearch(line);
        lines.Insert(at < 0 ? ~at : at, line);
        if (lines.Count > LinesShown) lines.RemoveAt(lines.Count - 1);
        return this with { Count = Count + 1, FirstLines = lines };
    }

    /// <summary>The reason with its quoted cell («…») taken out, so errors that differ only in the value group together.</summary>
    public static string KindOf(string reason)
    {
        var open = reason.IndexOf('«');
        var close = reason.IndexOf('»', Math.Max(open, 0));
        return open >= 0 && close > open ? reason[..open] + "«…»" + reason[(close + 1)..] : reason;
    }
}

public sealed record ImportResult(ImportCounts Counts, IReadOnlyList<RowError> Errors, string? RejectionReason)
{
    public IReadOnlyList<ErrorGroup> ErrorGroups { get; init; } = [];
    /// <summary>Contracts named on the desk after an import: enough to check it, small enough to store with it.</summary>
    public const int MaxWrittenIds = 50;
    /// <summary>The ids of the contracts this import created or changed, in the order written, the first
    /// <see cref="MaxWrittenIds"/> (the counts are exact).</summary>
    public IReadOnlyList<string> WrittenIds { get; init; } = [];
    /// <summary>Rows whose cells were read and mapped; the others were told unchanged by their row fingerprint
    /// (<see cref="Contracts.ContractVersion.RowFingerprint"/>). For tests and benches; not part of an export's status.</summary>
    public int RowsMapped { get; init; }

    public static ImportResult Rejected(string reason) => new(new ImportCounts(), [], reason);
}
