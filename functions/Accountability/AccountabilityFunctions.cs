using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions.Accountability;

/// <summary>The works index, the statistics, the semiannual report and the map. Each function is the row of <see cref="HttpContract"/> with its name: the same path and
/// method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class AccountabilityFunctions
{
    [Function(nameof(WorksIndex))]
    public IResult WorksIndex([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "")] HttpRequest req) => RouteInvoker.Run(nameof(WorksIndex));

    [Function(nameof(Statistics))]
    public IResult Statistics([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "estadisticas")] HttpRequest req) => RouteInvoker.Run(nameof(Statistics));

    [Function(nameof(SemesterPublic))]
    public IResult SemesterPublic([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "estadisticas/semestre/{semestre}")] HttpRequest req) => RouteInvoker.Run(nameof(SemesterPublic));

    [Function(nameof(SemesterDesk))]
    public IResult SemesterDesk([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/informe-semestral")] HttpRequest req) => RouteInvoker.Run(nameof(SemesterDesk));

    [Function(nameof(SemesterDeskCsv))]
    public IResult SemesterDeskCsv([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/informe-semestral.csv")] HttpRequest req) => RouteInvoker.Run(nameof(SemesterDeskCsv));

    [Function(nameof(Map))]
    public IResult Map([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "mapa")] HttpRequest req) => RouteInvoker.Run(nameof(Map));

    [Function(nameof(MapLeafletJs))]
    public IResult MapLeafletJs([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "mapa/leaflet.js")] HttpRequest req) => RouteInvoker.Run(nameof(MapLeafletJs));

    [Function(nameof(MapLeafletCss))]
    public IResult MapLeafletCss([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "mapa/leaflet.css")] HttpRequest req) => RouteInvoker.Run(nameof(MapLeafletCss));

    [Function(nameof(MapScript))]
    public IResult MapScript([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "mapa/mapa.js")] HttpRequest req) => RouteInvoker.Run(nameof(MapScript));
}
