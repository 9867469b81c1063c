using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.OpenData;
using ObrasQr.Storage;

namespace ObrasQr.Qr;

/// <summary>For the office: every billboard at once, to send to the printer.</summary>
public static class BillboardHandlers
{
    /// <summary>GET /api/billboards.zip: a panel and a print-size QR PNG for every published work of the caller's
    /// entity (every entity's for an unscoped caller), as <see cref="OpenDataBuild"/> wrote it.</summary>
    [Answers(StatusCodes.Status200OK, "application/zip"), Answers(StatusCodes.Status206PartialContent, "application/zip"),
     Answers(StatusCodes.Status304NotModified)]
    public static async Task<Results<FileStreamHttpResult, FileContentHttpResult>> Zip(Caller caller, IFileStore files,
        OpenDataBuild build, CancellationToken ct)
    {
        // A scoped caller gets its entity's file only; a scope that is not a NIT has no works to print.
        var nit = caller.EntityNit is null ? null : Oc4idsHandlers.Nit(caller.EntityNit);
        if (caller.EntityNit is null || nit is not null)
        {
            var served = await OpenDataFiles.ServeAsync(files, build, OpenDataFiles.Billboards(nit), "application/zip", FileName, Oc4idsHandlers.NoWorks(nit), ct);
            if (served.Result is FileStreamHttpResult file) return file;
        }
        // An entity without published works prints nothing: an empty zip, as for any office before its first import.
        return TypedResults.File(EmptyZip, "application/zip", FileName);
    }

    const string FileName = "vallas-obrasqr.zip";

    /// <summary>A zip with no entries: its end-of-central-directory record alone.</summary>
    static readonly byte[] EmptyZip = [0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>
    /// A zip folder name from an imported id: only letters, digits, '.', '-' and '_', never "." or "..", so an id
    /// like "../x" cannot place a file outside the folder it is unpacked in. Unusual ids get a short hash suffix so
    /// two of them cannot share a folder.
    /// </summary>
    public static string EntryFolder(string contractId)
    {
        var safe = new string(contractId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray())
            .Replace("..", "__", StringComparison.Ordinal).Trim('.');
        if (safe.Length > 0 && safe == contractId) return safe;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(contractId)))[..8];
        return $"{(safe.Length > 60 ? safe[..60] : safe)}_{hash}";
    }
}
