using System.IO.Compression;
using System.Net;
using System.Xml.Linq;
using ObrasQr.Contracts;
using ObrasQr.Qr;

namespace ObrasQr.Tests.Qr;

/// <summary>Contract ids come from imported files: markup or paths in one must stay text.</summary>
public abstract class HostileIdTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : HostileIdTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : HostileIdTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    const string Hostile = "../<script>alert(1)</script>&x";

    [Fact]
    public void Panel_with_markup_in_the_id_is_valid_svg_without_script()
    {
        var svg = BillboardPanel.Svg("HTTPS://OBRAS.EXAMPLE/O/X", "obras.example/o/x", Hostile, "Alcaldía & <b>Cía</b>");

        var doc = XDocument.Parse(svg); // an unescaped & or < would not even parse
        Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName == "script");
        Assert.Contains(doc.Descendants(), e => e.Value == $"Contrato {Hostile}");
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("..")]
    [InlineData("a/b\\c")]
    [InlineData(Hostile)]
    public void Zip_folder_of_an_id_is_one_plain_name(string id)
    {
        var folder = BillboardHandlers.EntryFolder(id);
        Assert.Matches("^[A-Za-z0-9._-]+$", folder);
        Assert.DoesNotContain("..", folder.Trim('_'));
        Assert.NotEqual(BillboardHandlers.EntryFolder(id + "x"), folder);
    }

    [Fact]
    public async Task Billboards_zip_keeps_a_hostile_id_inside_its_folder_and_escapes_its_panel()
    {
        var contract = new Contract { ContractId = Hostile, Type = "Obra", Status = "En ejecución", EntityName = "Alcaldía <i>" };
        await factory.Service<IContractStore>().AddVersionAsync(ContractVersion.First(contract, DateTimeOffset.UtcNow, "test"));
        await factory.Service<ObrasQr.OpenData.OpenDataBuild>().BuildNowAsync(); // written past the importer, which triggers it

        var response = await factory.ClientWithKey(ObrasQrFactory.OfficeKey).GetAsync("/api/billboards.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());

        Assert.All(zip.Entries, e => Assert.DoesNotContain("..", e.FullName.Split('/')));
        Assert.All(zip.Entries, e => Assert.Matches("^[A-Za-z0-9._-]+/(valla\\.svg|qr\\.png)$", e.FullName));
        var panel = zip.Entries.Single(e => e.FullName == BillboardHandlers.EntryFolder(Hostile) + "/valla.svg");
        using var reader = new StreamReader(panel.Open());
        var doc = XDocument.Parse(await reader.ReadToEndAsync());
        Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName is "script" or "i");
    }
}
