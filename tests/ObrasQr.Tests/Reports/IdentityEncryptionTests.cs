using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ObrasQr.Reports;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

public abstract class IdentityEncryptionTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : IdentityEncryptionTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : IdentityEncryptionTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    static string Key() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    static IdentityProtector Protector(params (string Id, string Key)[] keys)
    {
        var options = new ObrasQrOptions();
        options.Reports.IdentityKeys.AddRange(keys.Select(k => new IdentityKeyOptions { Id = k.Id, Key = k.Key }));
        return new IdentityProtector(Options.Create(options), new ServiceCollection().BuildServiceProvider());
    }

    [Fact]
    public async Task A_copy_of_the_database_file_reveals_no_name_email_or_phone()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var (name, email, phone) = ($"Rosalba Quintero {marker}", $"rosalba.{marker}@example.co", $"+57 300 {marker}");
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports", new
        {
            category = "otro", description = Unique("Con mis datos de contacto."), anonymous = false,
            reporter = new { name, email, phone, consent = true },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // The database file and its write-ahead log (or every table of the storage account), as a backup or a thief
        // would copy them.
        var bytes = factory.Store == StoreKind.Sqlite
            ? Directory.EnumerateFiles(factory.DataDirectory, "obrasqr.db*")
                .SelectMany(path => { using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete); using var m = new MemoryStream(); f.CopyTo(m); return m.ToArray(); })
                .ToArray()
            : Encoding.UTF8.GetBytes(await factory.EverythingAsync());
        Assert.NotEmpty(bytes);
        foreach (var secret in new[] { marker, name, email, phone })
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)));
        }
    }

    [Fact]
    public async Task The_auditor_still_reads_the_identity_in_clear_and_the_store_holds_only_ciphertext()
    {
        var description = Unique("Reporte con identidad cifrada.");
        await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports", new
        {
            category = "otro", description, anonymous = false, reporter = new { name = "Jorge Ruiz", email = "jorge@example.co", consent = true },
        });
        var id = (await factory.FindAsAuditor(description)).GetProperty("reportId").GetString()!;

        var detail = await (await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetAsync($"/api/reports/{id}")).Json();
        var stored = await factory.Service<IReportStore>().FindIdentityAsync(id);

        Assert.Equal("Jorge Ruiz", detail.GetProperty("reporter").GetProperty("name").GetString());
        Assert.Equal("jorge@example.co", detail.GetProperty("reporter").GetProperty("email").GetString());
        Assert.StartsWith("enc1:", stored!.Name);
        Assert.StartsWith("enc1:", stored.Email);
        Assert.Null(stored.Phone);
    }

    [Fact]
    public void Keys_rotate_by_putting_the_new_one_first()
    {
        var (old, next) = (Key(), Key());
        var identity = new ReporterIdentity("r1", "Ana Pérez", "ana@example.co", "3001234567", DateTimeOffset.UtcNow, "consent");
        var sealedByOld = Protector(("2026a", old)).Seal(identity);

        var rotated = Protector(("2026b", next), ("2026a", old));
        Assert.Equal(identity, rotated.Open(sealedByOld));
        Assert.StartsWith("enc1:2026b:", rotated.Seal(identity).Name);
        Assert.DoesNotContain("Ana", Protector(("2026b", next)).Open(sealedByOld).Name); // the old key removed: unreadable
    }

    [Fact]
    public void A_ciphertext_moved_to_another_report_or_field_does_not_decrypt()
    {
        var protector = Protector(("k", Key()));
        var sealedIdentity = protector.Seal(new ReporterIdentity("r1", "Ana", "ana@example.co", null, DateTimeOffset.UtcNow, "consent"));

        Assert.DoesNotContain("Ana", protector.Open(sealedIdentity with { ReportId = "r2" }).Name);
        Assert.DoesNotContain("ana@", protector.Open(sealedIdentity with { Name = sealedIdentity.Email }).Name);
    }

    [Fact]
    public void Identity_stored_before_encryption_is_read_as_it_was()
    {
        var legacy = new ReporterIdentity("r1", "Ana", "ana@example.co", null, DateTimeOffset.UtcNow, "consent");
        Assert.Equal(legacy, Protector(("k", Key())).Open(legacy));
    }

    [Fact]
    public void A_key_of_the_wrong_size_is_refused_at_start()
    {
        Assert.Throws<InvalidOperationException>(() => Protector(("k", Convert.ToBase64String(new byte[16]))));
        Assert.Throws<InvalidOperationException>(() => Protector(("k", "not base64!")));
    }
}
