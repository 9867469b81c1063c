using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ObrasQr.Storage;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Files as block blobs in one container, named by their relative path. An upload is committed whole or not at all,
/// so a reader never sees half a file.
/// </summary>
public sealed class BlobFileStore(AzureStore store) : IFileStore
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

    // Paths come from the app, never from users, but one that climbs out is refused all the same.
    BlobClient Blob(string path)
    {
        if (string.IsNullOrEmpty(path) || path.Split('/').Any(segment => segment is "" or "." or ".."))
            throw new ArgumentException($"Path '{path}' is not a plain relative path.");
        return store.Files.GetBlobClient(path);
    }
}
