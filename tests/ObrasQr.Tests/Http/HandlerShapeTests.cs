using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Http;

namespace ObrasQr.Tests.Http;

/// <summary>What a handler's signature tells a reader: the answers a page can give, and few enough services to read.
/// Read from the route table; the services are the app's own registrations (the same on either store).</summary>
public sealed class HandlerShapeTests(ObrasQrFactory.OnSqlite factory) : IClassFixture<ObrasQrFactory.OnSqlite>
{
    // HTML rows whose handlers name the pages and redirects they answer with (Results<HtmlPage<…>, …>).
    static readonly string[] TypedPages =
    [
        "Privacy", "DataDictionary",
        "ProgressForm", "ProgressSubmit", "ProgressCorrectForm", "ProgressCorrectSubmit", "ProgressDeleteForm", "ProgressDeleteSubmit",
        "DeskUploads", "DeskUpload", "DeskUploadDetail", "DeskWorks", "DeskNewWork", "DeskRegisterWork", "DeskSyncRun",
        "DeskWithdrawWork", "DeskRepublishWork",
    ];

    static readonly string[] Folders =
        ["ObrasQr.Progress", "ObrasQr.Desk", "ObrasQr.Pages", "ObrasQr.Accountability", "ObrasQr.Withdrawals", "ObrasQr.OpenData"];

    static Type Answer(HttpRoute route)
    {
        var type = route.Handler.Method.ReturnType;
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>) ? type.GetGenericArguments()[0] : type;
    }

    [Fact]
    public void Desk_progress_and_data_pages_declare_the_answers_they_give()
    {
        foreach (var name in TypedPages)
        {
            var route = HttpContract.Routes.Single(r => r.Name == name);
            Assert.False(route.Document);
            var answer = Answer(route);
            Assert.True(answer != typeof(IResult) && typeof(IResult).IsAssignableFrom(answer), $"{name} answers {answer.Name}");
        }
    }

    [Fact]
    public void No_handler_of_the_desk_progress_pages_or_open_data_takes_more_than_five_services()
    {
        var isService = factory.Service<IServiceProviderIsService>();
        foreach (var route in HttpContract.Routes.Where(r => Folders.Contains(r.Handler.Method.DeclaringType!.Namespace)))
        {
            // A bundle of services ([AsParameters]) counts as one: it is read as one thing, named for what it serves; a
            // bundle of query values (ReportListQuery, Open311Query) is no service.
            var services = route.Handler.Method.GetParameters().Count(p => p.GetCustomAttribute<AsParametersAttribute>() is not null
                ? p.ParameterType.GetConstructors().Single().GetParameters().All(c => isService.IsService(c.ParameterType))
                : isService.IsService(p.ParameterType));
            Assert.True(services <= 5, $"{route.Name} takes {services} services");
        }
    }
}
