using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions.Withdrawals;

/// <summary>Withdrawing a work from publication and publishing it again. Each function is the row of <see cref="HttpContract"/>
/// with its name: the same path and method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class WithdrawalFunctions
{
    [Function(nameof(WithdrawalRecord))]
    public IResult WithdrawalRecord([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/contracts/{contractId}/withdrawal")] HttpRequest req) => RouteInvoker.Run(nameof(WithdrawalRecord));

    [Function(nameof(WithdrawalUndo))]
    public IResult WithdrawalUndo([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/contracts/{contractId}/withdrawal")] HttpRequest req) => RouteInvoker.Run(nameof(WithdrawalUndo));

    [Function(nameof(DeskWithdrawWork))]
    public IResult DeskWithdrawWork([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/obras/{contractId}/retirar")] HttpRequest req) => RouteInvoker.Run(nameof(DeskWithdrawWork));

    [Function(nameof(DeskRepublishWork))]
    public IResult DeskRepublishWork([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/obras/{contractId}/publicar")] HttpRequest req) => RouteInvoker.Run(nameof(DeskRepublishWork));
}
