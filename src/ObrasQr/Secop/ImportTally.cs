namespace ObrasQr.Secop;

/// <summary>The counts and errors of one import as its batches go (<see cref="SecopImporter"/>): the reading side and
/// the writing side both add to it, and it is what a checkpoint saves and restores.</summary>
sealed class ImportTally(ContractIdSet counted)
{
    public int New, Changed, Unchanged, Rejected, Outdated;
    public int RowsWithWarnings, DuplicatesInBatch;
    /// <summary>Writing side.</summary>
    public int DuplicatesAcrossBatches, NotOwned;
    public string? MovedBy { get; init; }
    public bool Stamped;
    /// <summary>Rows whose cells were read (reading side).</summary>
    public int RowsMapped;
    public List<RowError> Errors { get; } = [];
    public Dictionary<(string?, bool, string), ErrorGroup> Groups { get; } = [];
    /// <summary>Writing side: the first contracts created or changed, for the desk to name them.</summary>
    public List<string> Written { get; } = [];

    public void Wrote(string contractId, bool isNew)
    {
        if (isNew) New++;
        else Changed++;
        if (Written.Count < ImportResult.MaxWrittenIds) Written.Add(contractId);
    }

    /// <summary>Keeps the error (the first rows' ones, up to the limit) and counts it in its group: same column,
    /// same outcome, same kind of reason (the reason without the quoted cell). Both sides report (the writing side
    /// repeats across batches), a batch apart: what is kept is decided by line, not by which came first.</summary>
    public void Report(RowError error, string? kind = null)
    {
        kind ??= ErrorGroup.KindOf(error.Reason);
        lock (Errors)
        {
            if (Errors.Count < SecopImporter.MaxReportedErrors) Errors.Add(error);
            else
            {
                var last = 0;
                for (var i = 1; i < Errors.Count; i++) if (Errors[i].Line > Errors[last].Line) last = i;
                if (error.Line < Errors[last].Line) Errors[last] = error;
            }
            var key = (error.Column, error.RowKept, kind);
            Groups[key] = Groups.TryGetValue(key, out var group) ? group.With(error.Line) : ErrorGroup.First(error, kind);
        }
    }
    /// <summary>Contract ids already counted (writing side).</summary>
    public ContractIdSet Counted => counted;

    public ImportCheckpoint Checkpoint(int rows) => new(rows, New, Changed, Unchanged, Rejected, Outdated, RowsWithWarnings, DuplicatesInBatch,
        DuplicatesAcrossBatches, NotOwned, Stamped, [.. Errors], [.. Groups.Values], [.. Written]);

    public void Restore(ImportCheckpoint c)
    {
        (New, Changed, Unchanged, Rejected, Outdated, RowsWithWarnings, DuplicatesInBatch) =
            (c.New, c.Changed, c.Unchanged, c.Rejected, c.Outdated, c.RowsWithWarnings, c.DuplicatesInBatch);
        // Not RowsMapped: it tells what this run read.
        (DuplicatesAcrossBatches, NotOwned, Stamped) = (c.DuplicatesAcrossBatches, c.NotOwned, c.Stamped);
        Errors.AddRange(c.Errors);
        foreach (var group in c.Groups) Groups[(group.Column, group.RowKept, group.Reason)] = group;
        Written.AddRange(c.Written);
    }
}
