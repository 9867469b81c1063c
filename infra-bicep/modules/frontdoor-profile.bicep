// The Azure Front Door profile alone: its id (frontDoorId) goes into the function app's settings
// (ObrasQr__Http__FrontDoorId) before the endpoint and its routes point at the app (frontdoor.bicep).

@description('Profile name.')
param name string

@description('"Standard_AzureFrontDoor" or "Premium_AzureFrontDoor".')
@allowed([
  'Standard_AzureFrontDoor'
  'Premium_AzureFrontDoor'
])
param skuName string

param tags object = {}

resource profile 'Microsoft.Cdn/profiles@2024-09-01' = {
  name: name
  location: 'global'
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    originResponseTimeoutSeconds: 60
  }
}

output name string = profile.name
// The value Front Door sends in X-Azure-FDID on every request it forwards.
output frontDoorId string = profile.properties.frontDoorId
