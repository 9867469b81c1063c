using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using ObrasQr.Http;
using ObrasQr.Storage;

namespace ObrasQr.OpenData;

/// <summary>What the last open-data build wrote: each file's path and the hash of its bytes.</summary>
public sealed record OpenDataManifest(DateTimeOffset BuiltAt, IReadOnlyDictionary<string, string> Files);

/// <summary>
/// Where <see cref="OpenDataBuild"/> puts the built files in the file store, and how a route serves one: streamed, with
/// the store's strong ETag (304 to If-None-Match), Last-Modified and ranges (206).
/// </summary>
public static class OpenDataFiles
{
    public const string Root = "opendata";
    public const string ManifestPath = $"{Root}/manifiesto.json";

    static string Folder(string? nit) => nit is null ? $"{Root}/nacional" : $"{Root}/entidad/{nit}";
    public static string Oc4ids(string? nit) => $"{Folder(nit)}/oc4ids.json";
    public static string Csv(string? nit, bool semicolon) => $"{Folder(nit)}/{(semicolon ? "obras.csv" : "obras-comas.csv")}";
    public static string Billboards(string? nit) => $"{Folder(nit)}/vallas.zip";

    /// <summary>Serves a built file. When nothing was ever built (a fresh store) the request waits for the one first build;
    /// once built, a missing file means the scope has no published work.</summary>
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ServeAsync(IFileStore files, OpenDataBuild build, string path,
        string contentType, string? downloadName, FieldProblem missing, CancellationToken ct)
    {
        var file = await files.OpenServedAsync(path, ct);
        if (file is null && await ReadManifestAsync(files, ct) is null)
        {
            await build.EnsureBuiltAsync(ct);
            file = await files.OpenServedAsync(path, ct);
        }
        if (file is null) return Problems.Of(missing);
        return TypedResults.Stream(file.Content, contentType, downloadName, file.LastModified, EntityTagHeaderValue.Parse(file.ETag),
            enableRangeProcessing: true);
    }

    public static async Task<OpenDataManifest?> ReadManifestAsync(IFileStore files, CancellationToken ct)
    {
        await using var stream = await files.OpenReadAsync(ManifestPath, ct);
        return stream is null ? null : await JsonSerializer.DeserializeAsync<OpenDataManifest>(stream, cancellationToken: ct);
    }

    public static Task WriteManifestAsync(IFileStore files, OpenDataManifest manifest, CancellationToken ct) =>
        files.SaveAsync(ManifestPath, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest)), ct);
}
