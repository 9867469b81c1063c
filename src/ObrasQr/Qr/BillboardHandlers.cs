using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Storage;

namespace ObrasQr.Qr;

/// <summary>For the office: every billboard at once, to send to the printer.</summary>
public static class BillboardHandlers
{
    const int Page = 200;

    /// <summary>GET /api/billboards.zip: a panel and a print-size QR PNG for every published work of the caller's
    /// entity (every entity's for an unscoped caller).</summary>
    [Http.Answers(StatusCodes.Status200OK, "application/zip")]
    public static async Task<FileContentHttpResult> Zip(HttpRequest request, Caller caller, IContractStore contracts, PublicUrls urls, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            string? after = null;
            while (true)
            {
                var page = await contracts.ListPublishedAsync(after, Page, ct);
                foreach (var version in page.Where(v => caller.Sees(v.Contract.EntityNit)))
                {
                    var (id, url) = (version.ContractId, urls.QrUrl(request, version.ContractId));
                    var folder = EntryFolder(id);
                    Add(zip, $"{folder}/valla.svg", Encoding.UTF8.GetBytes(BillboardPanel.Svg(url, urls.DisplayUrl(request, id), id, version.Contract.EntityName)));
                    Add(zip, $"{folder}/qr.png", QrCodes.Png(url, 1024));
                }
                if (page.Count < Page) break;
                after = page[^1].ContractId;
            }
        }
        return TypedResults.File(buffer.ToArray(), "application/zip", "vallas-obrasqr.zip");
    }

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

    static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(bytes);
    }
}
