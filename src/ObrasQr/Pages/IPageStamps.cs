namespace ObrasQr.Pages;

/// <summary>
/// A stamp per work that moves whenever something its page shows changes, except its report count (counted apart on
/// every check): a new version, a progress entry added, corrected or deleted, the work withdrawn or published again,
/// on whichever instance. The page cache compares it with the stamp its page was rendered under, so checking a kept
/// page is this read and the report count, and a page is read in full only when the stamp moved.
/// </summary>
public interface IPageStamps
{
    /// <summary>The work's stamp, or null when none is kept for it (Azure data written before stamps, an unknown id).
    /// Read before the page's data: a change stored after it moves it again.</summary>
    Task<string?> ReadAsync(string contractId, CancellationToken ct = default);

    /// <summary>Starts the stamp of a work that had none, called after its page was read in full: the stamp to keep with
    /// that page, or null when a writer set one meanwhile (the next check then reads the page in full again).</summary>
    Task<string?> StartAsync(string contractId, CancellationToken ct = default);
}
