using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ObrasQr.Auth;

namespace ObrasQr.Tests.Desk;

/// <summary>What the office desk tests share: a server with an office key scoped to another entity, forms posted as a
/// browser posts them, pages read as text.</summary>
static class OfficeDesk
{
    public const string ScopedOfficeKey = "test-office-turbaco-5d1e";
    /// <summary>Turbaco (Bolívar): an entity other than Cartagena's, whose staff must not see Cartagena's things.</summary>
    public const string OtherEntityNit = "890481324";
    public const string CartagenaNit = "890480184";

    public static ObrasQrFactory NewServer(StoreKind store, TimeProvider? clock = null)
    {
        var factory = new ObrasQrFactory(store) { Clock = clock };
        factory.Settings["ObrasQr:Auth:Keys:2:Name"] = "oficina-turbaco";
        factory.Settings["ObrasQr:Auth:Keys:2:Role"] = Roles.Office;
        factory.Settings["ObrasQr:Auth:Keys:2:EntityNit"] = OtherEntityNit;
        factory.Settings["ObrasQr:Auth:Keys:2:Sha256"] = ApiKeys.Digest(ScopedOfficeKey);
        return factory;
    }

    /// <summary>A client that does not follow redirects, so a test sees where a form sends the browser.</summary>
    public static HttpClient Office(ObrasQrFactory factory, string key = ObrasQrFactory.OfficeKey)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string fileName, string contentType = "text/csv")
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, "file", fileName);
        return await client.PostAsync("/escritorio/cargas", form);
    }

    public static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>"Sync now" from the desk as a browser without script does it: posts the form, follows the 303 to the
    /// run's page and reloads it while it asks to be reloaded; the page the run ends on.</summary>
    public static async Task<string> DeskSyncNowAsync(HttpClient office)
    {
        var posted = await office.PostAsync("/escritorio/sincronizar", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var path = posted.Headers.Location!.OriginalString;
        Assert.StartsWith("/escritorio/sincronizar/", path);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var page = await PageAsync(office, path);
            if (!page.Contains(ObrasQr.Pages.StatusScript.Marker, StringComparison.Ordinal)) return page;
            Assert.Contains("Sincronización en curso…", page);
            Assert.True(DateTime.UtcNow < deadline, $"The desk's sync run {path} is still in progress.");
            await Task.Delay(50);
        }
    }

    public static async Task<string> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TextAsync(response);
    }

    /// <summary>A contracts export of <paramref name="rows"/> works where the rows in <paramref name="badValueRows"/>
    /// (1-based) carry a value that is not money. Line n of the file is row n - 1 (the header is line 1).</summary>
    public static byte[] Export(int rows, ISet<int> badValueRows, string idPrefix = "CO1.PCCNTR.77", string nit = CartagenaNit)
    {
        var csv = new StringBuilder("ID Contrato,Nit Entidad,Nombre Entidad,Tipo de Contrato,Estado Contrato,Valor del Contrato,Objeto del Contrato,Ciudad\n");
        for (var i = 1; i <= rows; i++)
            csv.Append($"{idPrefix}{i:D5},{nit},Entidad de prueba,Obra,En ejecución,{(badValueRows.Contains(i) ? "mucho" : "$1,000,000")},Obra de prueba {i},Cartagena de Indias\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
}
