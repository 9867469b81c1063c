using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ObrasQr.Storage;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Files as block blobs in one container, named by their relative path. An upload is committed whole or not at all,
/// so a reader never sees half a file. A file sent in chunks is staged as uncommitted blocks of its own blob, one
/// per part, and committed in order: nothing is copied, and the service discards blocks never committed after
/// seven days (docs/azure-tables.md, "Exports sent in chunks").
/// </summary>
public sealed class BlobFileStore(AzureStore store) : IFileStore, IFileParts
{
    public async Task SaveAsync(string path, Stream content, CancellationToken ct = default) =>
        await Blob(path).UploadAsync(content, overwrite: true, ct);

    public async Task<Stream?> OpenReadAsync(string path, CancellationToken ct = default)
    {
        try
        {
            // Seekable and read lazily in chunks; fails with 404 at once when the blob is missing.
            return await Blob(path).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<StoredFile?> OpenServedAsync(string path, CancellationToken ct = default)
    {
        var blob = Blob(path);
        try
        {
            BlobProperties properties = await blob.GetPropertiesAsync(cancellationToken: ct);
            // Pinned to the ETag just read: a replacement meanwhile fails the read instead of mixing two versions.
            var content = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false)
                { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, ct);
            return new StoredFile(content, properties.ContentLength, properties.ETag.ToString("H"), properties.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string path, CancellationToken ct = default) =>
        await Blob(path).DeleteIfExistsAsync(cancellationToken: ct);

    public async IAsyncEnumerable<ListedFile> ListAsync(string folder, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var prefix = folder.EndsWith('/') ? folder : folder + "/";
        await foreach (var blob in store.Files.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, ct))
            yield return new ListedFile(blob.Name, blob.Properties.LastModified ?? DateTimeOffset.MinValue);
    }

    public async Task SavePartAsync(string path, int number, Stream content, CancellationToken ct = default)
    {
        var blob = Blocks(path);
        if (content.CanSeek)
        {
            await blob.StageBlockAsync(BlockId(number), content, cancellationToken: ct);
            return;
        }
        // Staging a block sends its length first and retries from the start, so it needs a seekable stream: a request
        // body (one chunk, at most BodyLimit.ExportChunk) goes to a temporary file first, never to memory.
        await using var copy = new FileStream(Path.Combine(Path.GetTempPath(), $"obrasqr-block-{Guid.NewGuid():N}"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await content.CopyToAsync(copy, ct);
        copy.Position = 0;
        await blob.StageBlockAsync(BlockId(number), copy, cancellationToken: ct);
    }

    public async Task<IReadOnlyDictionary<int, long>> ListPartsAsync(string path, CancellationToken ct = default)
    {
        BlockList list;
        try { list = await Blocks(path).GetBlockListAsync(BlockListTypes.Uncommitted, cancellationToken: ct); }
        catch (RequestFailedException e) when (e.Status == 404) { return new Dictionary<int, long>(); }
        var parts = new Dictionary<int, long>();
        foreach (var block in list.UncommittedBlocks)
            if (PartNumber(block.Name) is { } number) parts[number] = block.SizeLong;
        return parts;
    }

    public async Task CommitPartsAsync(string path, int count, CancellationToken ct = default) =>
        await Blocks(path).CommitBlockListAsync(Enumerable.Range(1, count).Select(BlockId), cancellationToken: ct);

    // Block ids are Base64 and of one length within a blob: "part" and six digits.
    const string PartPrefix = "part";

    static string BlockId(int number) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{PartPrefix}{number:D6}"));

    static int? PartNumber(string blockId)
    {
        var buffer = new byte[blockId.Length];
        if (!Convert.TryFromBase64String(blockId, buffer, out var length)) return null;
        var name = System.Text.Encoding.ASCII.GetString(buffer, 0, length);
        return name.StartsWith(PartPrefix, StringComparison.Ordinal) && int.TryParse(name.AsSpan(PartPrefix.Length), out var number)
            ? number : null;
    }

    BlockBlobClient Blocks(string path) => store.Files.GetBlockBlobClient(Blob(path).Name);

    // Paths come from the app, never from users, but one that climbs out is refused all the same.
    BlobClient Blob(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Split('/').Any(segment => segment is "" or "." or ".."))
            throw new ArgumentException($"Path '{path}' is not a plain relative path.");
        return store.Files.GetBlobClient(path);
    }
}
