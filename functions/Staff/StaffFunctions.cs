using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions.Staff;

/// <summary>The staff desk's sign-in, staff and own-account pages. Each function is the row of <see cref="HttpContract"/> with its name: the same path and
/// method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class StaffFunctions
{
    [Function(nameof(DeskHome))]
    public IResult DeskHome([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio")] HttpRequest req) => RouteInvoker.Run(nameof(DeskHome));

    [Function(nameof(SignInForm))]
    public IResult SignInForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/entrar")] HttpRequest req) => RouteInvoker.Run(nameof(SignInForm));

    [Function(nameof(SignIn))]
    public IResult SignIn([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/entrar")] HttpRequest req) => RouteInvoker.Run(nameof(SignIn));

    [Function(nameof(SignOut))]
    public IResult SignOut([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/salir")] HttpRequest req) => RouteInvoker.Run(nameof(SignOut));

    [Function(nameof(StaffList))]
    public IResult StaffList([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/personal")] HttpRequest req) => RouteInvoker.Run(nameof(StaffList));

    [Function(nameof(StaffAdd))]
    public IResult StaffAdd([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/personal")] HttpRequest req) => RouteInvoker.Run(nameof(StaffAdd));

    [Function(nameof(StaffChange))]
    public IResult StaffChange([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/personal/{staffId}")] HttpRequest req) => RouteInvoker.Run(nameof(StaffChange));

    [Function(nameof(StaffMailNotices))]
    public IResult StaffMailNotices([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/personal/{staffId}/avisos")] HttpRequest req) => RouteInvoker.Run(nameof(StaffMailNotices));

    [Function(nameof(SignInCode))]
    public IResult SignInCode([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/entrar/codigo")] HttpRequest req) => RouteInvoker.Run(nameof(SignInCode));

    [Function(nameof(ResetLinkForm))]
    public IResult ResetLinkForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/restablecer")] HttpRequest req) => RouteInvoker.Run(nameof(ResetLinkForm));

    [Function(nameof(ResetLinkChoose))]
    public IResult ResetLinkChoose([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/restablecer")] HttpRequest req) => RouteInvoker.Run(nameof(ResetLinkChoose));

    [Function(nameof(StaffReset))]
    public IResult StaffReset([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/personal/{staffId}/restablecer")] HttpRequest req) => RouteInvoker.Run(nameof(StaffReset));

    [Function(nameof(Account))]
    public IResult Account([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/cuenta")] HttpRequest req) => RouteInvoker.Run(nameof(Account));

    [Function(nameof(AccountPassword))]
    public IResult AccountPassword([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/cuenta/contrasena")] HttpRequest req) => RouteInvoker.Run(nameof(AccountPassword));

    [Function(nameof(AccountSecondFactor))]
    public IResult AccountSecondFactor([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/cuenta/segundo-factor")] HttpRequest req) => RouteInvoker.Run(nameof(AccountSecondFactor));

    [Function(nameof(AccountSecondFactorConfirm))]
    public IResult AccountSecondFactorConfirm([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/cuenta/segundo-factor/confirmar")] HttpRequest req) => RouteInvoker.Run(nameof(AccountSecondFactorConfirm));

    [Function(nameof(AccountSecondFactorDisable))]
    public IResult AccountSecondFactorDisable([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/cuenta/segundo-factor/desactivar")] HttpRequest req) => RouteInvoker.Run(nameof(AccountSecondFactorDisable));
}
