using System.Net;

namespace ObrasQr.Tests.Pages;

/// <summary>A work's page is the same for every visitor, so a CDN can keep it and revalidate it by ETag.</summary>
public abstract class CdnPageTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : CdnPageTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : CdnPageTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    const string Work = "CO1.PCCNTR.5361557";

    async Task<HttpResponseMessage> View(string? cookie = null, string? ifNoneMatch = null, string acceptEncoding = "gzip, br")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/o/{Work}");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        if (cookie is not null) request.Headers.TryAddWithoutValidation("Cookie", cookie);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await factory.CreateClient().SendAsync(request);
    }

    [Theory]
    [InlineData("gzip, br")]
    [InlineData("gzip")]
    [InlineData("")]
    public async Task Every_visitor_gets_byte_identical_pages(string acceptEncoding)
    {
        var first = await View("visita=uno; obrasqr_staff=abc", acceptEncoding: acceptEncoding);
        var second = await View("visita=dos", acceptEncoding: acceptEncoding);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
    }

    [Fact]
    public async Task The_page_carries_no_form_token_and_says_a_CDN_may_keep_it()
    {
        var response = await View(acceptEncoding: "");

        Assert.Equal("public, max-age=60, stale-while-revalidate=600", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.DoesNotContain("name=\"token\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_visitor_holding_the_page_gets_304_without_a_body()
    {
        var etag = (await View()).Headers.ETag!.Tag;

        var again = await View(ifNoneMatch: etag);
        var weakly = await View(ifNoneMatch: $"\"otra\", W/{etag}");

        foreach (var response in new[] { again, weakly })
        {
            Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, response.Headers.ETag!.Tag);
            Assert.Equal("public, max-age=60, stale-while-revalidate=600", response.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task Each_coding_has_its_own_tag_and_an_old_tag_gets_the_page()
    {
        var brotli = (await View(acceptEncoding: "br")).Headers.ETag!.Tag;
        var gzip = (await View(acceptEncoding: "gzip")).Headers.ETag!.Tag;

        Assert.NotEqual(brotli, gzip);
        var withOther = await View(ifNoneMatch: brotli, acceptEncoding: "gzip");
        Assert.Equal(HttpStatusCode.OK, withOther.StatusCode);
        Assert.NotEmpty(await withOther.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_work_is_not_kept_by_shared_caches()
    {
        var response = await factory.CreateClient().GetAsync("/o/CO1.PCCNTR.0000001");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Null(response.Headers.ETag);
    }
}
