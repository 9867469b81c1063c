using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Contracts;
using ObrasQr.OpenData;
using ObrasQr.Storage;

namespace ObrasQr.Tests.OpenData;

/// <summary>The OC4IDS package, the works CSV and the billboards zip: built once by <see cref="OpenDataBuild"/>, then
/// streamed from the file store with ETag, 304 and ranges, on both stores.</summary>
public abstract class OpenDataBuildTests(OpenDataBuildTests.Counted factory)
{
    public sealed class OnSqlite(OnSqlite.Store store) : OpenDataBuildTests(store), IClassFixture<OnSqlite.Store>
    {
        public sealed class Store() : Counted(StoreKind.Sqlite);
    }

    public sealed class OnAzure(OnAzure.Store store) : OpenDataBuildTests(store), IClassFixture<OnAzure.Store>
    {
        public sealed class Store() : Counted(StoreKind.Azure);
    }

    const string Cartagena = "890480184";
    const string Other = "800123456";
    const string OtherWork = "CO1.PCCNTR.7700001";

    async Task<byte[]> BuiltAsync(string path)
    {
        await using var stream = await factory.Service<IFileStore>().OpenReadAsync(path) ?? throw new FileNotFoundException(path);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task The_csv_and_the_package_served_are_the_bytes_of_a_fresh_build()
    {
        await factory.Service<OpenDataBuild>().BuildNowAsync();
        var client = factory.CreateClient();

        Assert.Equal(await BuiltAsync(OpenDataFiles.Csv(null, semicolon: true)), await client.GetByteArrayAsync("/api/contracts.csv"));
        Assert.Equal(await BuiltAsync(OpenDataFiles.Csv(null, semicolon: false)), await client.GetByteArrayAsync("/api/contracts.csv?sep=comma"));
        Assert.Equal(await BuiltAsync(OpenDataFiles.Oc4ids(null)), await client.GetByteArrayAsync("/api/oc4ids.json"));
        var response = await client.GetAsync("/api/contracts.csv");
        Assert.Equal("public, max-age=300", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.True(response.Headers.ETag is { IsWeak: false });
    }

    [Fact]
    public async Task A_second_request_with_the_etag_gets_a_304_and_a_build_that_changes_nothing_keeps_it()
    {
        var client = factory.CreateClient();
        var first = await client.GetAsync("/api/contracts.csv?sep=comma");
        await factory.Service<OpenDataBuild>().BuildNowAsync();

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/contracts.csv?sep=comma");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_range_gets_a_206_with_exactly_those_bytes()
    {
        var client = factory.CreateClient();
        var whole = await client.GetByteArrayAsync("/api/oc4ids.json");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/oc4ids.json");
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var part = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(whole[100..200], await part.Content.ReadAsByteArrayAsync());
        Assert.Equal(whole.Length, part.Content.Headers.ContentRange?.Length);
    }

    [Fact]
    public async Task Each_entity_gets_only_its_own_works_and_an_entity_without_works_a_404()
    {
        await factory.Service<IContractStore>().AddVersionAsync(ContractVersion.First(new Contract
        {
            ContractId = OtherWork, Type = "Obra", Status = "En ejecución", EntityNit = Other + "-1", EntityName = "Municipio de prueba",
            Object = "Placa huella de la vereda El Tesoro",
        }, DateTimeOffset.UtcNow, "test"));
        await factory.Service<OpenDataBuild>().BuildNowAsync();
        var client = factory.CreateClient();

        var other = await client.GetStringAsync($"/api/contracts.csv?entity={Other}-1");
        var cartagena = await client.GetStringAsync($"/api/contracts.csv?entity={Cartagena}");
        var national = await client.GetStringAsync("/api/contracts.csv");
        var package = await client.GetFromJsonAsync<JsonElement>($"/api/oc4ids.json?entity={Other}");

        Assert.Equal(2, other.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // the header and its one work
        Assert.Contains(OtherWork, other);
        Assert.DoesNotContain(OtherWork, cartagena);
        Assert.Contains("CO1.PCCNTR.3987001", cartagena);
        Assert.Contains(OtherWork, national);
        Assert.Equal([$"oc4ids-obrasqr-{OtherWork}"], package.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/contracts.csv?entity=900000001")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/contracts.csv?entity=%3Cb%3E")).StatusCode);
    }

    [Fact]
    public async Task Serving_the_files_reads_no_work_from_the_store()
    {
        await factory.Service<OpenDataBuild>().BuildNowAsync();
        var client = factory.CreateClient();
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        factory.Calls.Clear();

        foreach (var path in new[] { "/api/contracts.csv", "/api/contracts.csv?sep=comma", $"/api/contracts.csv?entity={Cartagena}",
                     "/api/oc4ids.json", $"/api/oc4ids.json?entity={Cartagena}-4" })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync("/api/billboards.zip")).StatusCode);

        Assert.DoesNotContain(factory.Calls.Keys, m => m is nameof(IContractStore.ListPublishedAsync) or nameof(IContractStore.HistoryAsync));
        await client.GetAsync("/api/contracts?limit=5"); // a route that does list works: the count sees it
        Assert.Contains(nameof(IContractStore.ListPublishedAsync), factory.Calls.Keys);
    }

    /// <summary>The test server with its contract store wrapped: each call made while a request is handled is counted
    /// by method name (background work is not).</summary>
    public class Counted(StoreKind store) : ObrasQrFactory(store)
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                var inner = services.Last(d => d.ServiceType == typeof(IContractStore));
                services.Remove(inner);
                services.AddSingleton(sp => CountingStore.Wrap((IContractStore)ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!), Calls));
                services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, MarkRequests>();
            });
        }
    }

    sealed class MarkRequests : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, then) =>
            {
                CountingStore.InRequest.Value = true; // flows into whatever the request awaits, and no further
                return then(context);
            });
            next(app);
        };
    }

    public class CountingStore : DispatchProxy
    {
        public static readonly AsyncLocal<bool> InRequest = new();
        IContractStore inner = null!;
        ConcurrentDictionary<string, int> calls = null!;

        public static IContractStore Wrap(IContractStore inner, ConcurrentDictionary<string, int> calls)
        {
            var proxy = Create<IContractStore, CountingStore>();
            ((CountingStore)(object)proxy).inner = inner;
            ((CountingStore)(object)proxy).calls = calls;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            if (InRequest.Value) calls.AddOrUpdate(method!.Name, 1, (_, n) => n + 1);
            try { return method!.Invoke(inner, args); }
            catch (TargetInvocationException e) { ExceptionDispatchInfo.Throw(e.InnerException!); throw; }
        }
    }
}

/// <summary>After an import that changes a work, the files say so without anyone asking for a build.</summary>
public abstract class OpenDataAfterImportTests(StoreKind store)
{
    public sealed class OnSqlite() : OpenDataAfterImportTests(StoreKind.Sqlite);
    public sealed class OnAzure() : OpenDataAfterImportTests(StoreKind.Azure);

    const string Header = "ID Contrato,Nit Entidad,Nombre Entidad,Tipo de Contrato,Estado Contrato,Valor del Contrato," +
        "Objeto del Contrato,Descripcion del Proceso,Fecha de Firma,Fecha de Inicio del Contrato,Fecha de Fin del Contrato,Ultima Actualizacion,Ciudad\n";

    [Fact]
    public async Task An_import_that_changes_a_work_rebuilds_the_csv_the_package_and_the_zip()
    {
        using var factory = new ObrasQrFactory(store);
        var client = factory.CreateClient();
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var before = await client.GetAsync("/api/contracts.csv");
        const string name = "Canalización del caño Juan Angola tramo 2";

        var upload = await office.PostAsync("/api/exports", new ByteArrayContent(Encoding.UTF8.GetBytes(Header +
            $"CO1.PCCNTR.1100009,890480184,Alcaldía de prueba,Obra,En ejecución,\"$4,000,000\",{name},,01/10/2026,02/01/2026,12/31/2027,11/02/2026 12:00:00 AM,Cartagena de Indias\n"))
            { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        await ObrasQrFactory.SyncNowAsync(office); // waits for the import and its build

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, "/api/contracts.csv");
        revalidate.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        var after = await client.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains(name, await after.Content.ReadAsStringAsync());
        Assert.Contains(name, await client.GetStringAsync("/api/oc4ids.json?entity=890480184"));
        using var zip = new System.IO.Compression.ZipArchive(await (await office.GetAsync("/api/billboards.zip")).Content.ReadAsStreamAsync());
        Assert.Contains(zip.Entries, e => e.FullName == "CO1.PCCNTR.1100009/qr.png");
    }
}
