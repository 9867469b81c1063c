namespace ObrasQr.Storage;

/// <summary>
/// A file written in numbered parts (an export sent in chunks) and joined once all are in. Until then nothing is at
/// its path: a reader sees the whole file or none. Both file stores implement it beside <see cref="IFileStore"/>.
/// </summary>
public interface IFileParts
{
    /// <summary>Keeps part <paramref name="number"/> (from 1) of the file at <paramref name="path"/>; saving the same
    /// number again replaces that part, so a client may resend a chunk whose answer it lost.</summary>
    Task SavePartAsync(string path, int number, Stream content, CancellationToken ct = default);

    /// <summary>The parts kept for <paramref name="path"/> and not yet joined: number → size in bytes.</summary>
    Task<IReadOnlyDictionary<int, long>> ListPartsAsync(string path, CancellationToken ct = default);

    /// <summary>Writes parts 1 to <paramref name="count"/>, in that order, as the file at <paramref name="path"/>, and
    /// forgets the parts.</summary>
    Task CommitPartsAsync(string path, int count, CancellationToken ct = default);
}
