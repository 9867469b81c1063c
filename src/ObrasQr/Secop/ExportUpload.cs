using System.Text.Json;
using System.Text.RegularExpressions;
using ObrasQr.Auth;
using ObrasQr.Storage;

namespace ObrasQr.Secop;

/// <summary>
/// An export being sent in chunks: who started it, what it will be, how it is cut. Its id is the id of the export it
/// becomes, and its chunks are the parts of that export's file (<see cref="IFileParts"/>). The record is a small file
/// beside the exports ("uploads/{id}.json"), so it needs no table of its own on either store; it is deleted once
/// the upload completes, and one left behind is removed after <see cref="Lifetime"/> (the server's orphan sweep, a
/// lifecycle rule on Azure: docs/azure-tables.md).
/// </summary>
public sealed record ExportUpload(string UploadId, string FileName, string ContentType, long TotalSize, long ChunkSize,
    DateTimeOffset StartedAt, string Owner, string UploadedBy, string? EntityNit)
{
    /// <summary>How long an upload may take from its start to its completion.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public const string Folder = "uploads";

    /// <summary>The chunk size this host announces (<see cref="ObrasQrOptions.ExportChunkBytes"/> within its bounds).</summary>
    public static long ChunkSizeOf(ObrasQrOptions options) => Math.Clamp(options.ExportChunkBytes, 64 * 1024, Http.BodyLimit.ExportChunk);

    public int ChunkCount => (int)((TotalSize + ChunkSize - 1) / ChunkSize);

    /// <summary>Every chunk is <see cref="ChunkSize"/> bytes but the last, which holds the rest.</summary>
    public long SizeOf(int chunk) => chunk < ChunkCount ? ChunkSize : TotalSize - (ChunkCount - 1) * ChunkSize;

    public string FilePath => ExportIntake.FilePathOf(UploadId);

    /// <summary>A desk session is its person; an API key, its configured name; both within one entity scope.</summary>
    public static string OwnerOf(Caller caller) => caller.MemberId is { } member ? $"staff:{member}" : $"key:{caller.Name}";

    public bool BelongsTo(Caller caller) => Owner == OwnerOf(caller) && EntityNit == caller.EntityNit;

    static string RecordPath(string uploadId) => $"{Folder}/{uploadId}.json";

    // The form of ExportIntake.NewExportId: anything else never names an upload (and never reaches a file path).
    static readonly Regex IdShape = new(@"^[0-9]{14}-[0-9a-f]{12}$", RegexOptions.CultureInvariant);

    public static async Task SaveAsync(IFileStore files, ExportUpload upload, CancellationToken ct)
    {
        await using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(upload));
        await files.SaveAsync(RecordPath(upload.UploadId), json, ct);
    }

    /// <summary>The caller's upload in progress, or null when there is none by that id: unknown, started by someone
    /// else, or older than <see cref="Lifetime"/>, all answered alike.</summary>
    public static async Task<ExportUpload?> FindAsync(IFileStore files, string uploadId, Caller caller, TimeProvider clock, CancellationToken ct)
    {
        if (!IdShape.IsMatch(uploadId)) return null;
        await using var json = await files.OpenReadAsync(RecordPath(uploadId), ct);
        if (json is null) return null;
        var upload = await JsonSerializer.DeserializeAsync<ExportUpload>(json, cancellationToken: ct);
        return upload is not null && upload.BelongsTo(caller) && clock.GetUtcNow() - upload.StartedAt <= Lifetime ? upload : null;
    }

    public static Task ForgetAsync(IFileStore files, string uploadId, CancellationToken ct) => files.DeleteAsync(RecordPath(uploadId), ct);
}
