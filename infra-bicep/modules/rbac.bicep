// Role assignments. The app's managed identity gets data-plane roles on the data account (tables, blobs,
// job queues) and what the Functions host needs on the host account, and may publish telemetry to
// Application Insights (its Key Vault role is in keyvault.bicep). The deploying developer (azd's
// AZURE_PRINCIPAL_ID), when given, gets the data roles so the app can run locally against the Azure data.

param hostStorageAccountName string
param dataStorageAccountName string
param applicationInsightsName string

@description('Principal (object) id of the function app\'s user-assigned identity.')
param identityPrincipalId string

@description('Object id of the deploying user or service principal; empty to skip its role assignments.')
param userPrincipalId string = ''

@description('Principal type of userPrincipalId: User (a developer) or ServicePrincipal (CI).')
param userPrincipalType string = 'User'

// Built-in role definition ids.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

// The app's own clients and the queue trigger (which also writes jobs-poison).
var dataRoles = [
  storageBlobDataOwner
  storageTableDataContributor
  storageQueueDataContributor
]

// Host storage by identity (Functions docs, "Connecting to host storage with an identity"): blobs for timer
// locks, host keys and the deployment package; tables for the host's diagnostic events. Queues on the host
// account serve only blob triggers, which the app has none of: its queues are on the data account.
var hostRoles = [
  storageBlobDataOwner
  storageTableDataContributor
]

resource hostStorage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: hostStorageAccountName
}

resource dataStorage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: dataStorageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource identityDataRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in dataRoles: {
    name: guid(dataStorage.id, identityPrincipalId, roleId)
    scope: dataStorage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource identityHostRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in hostRoles: {
    name: guid(hostStorage.id, identityPrincipalId, roleId)
    scope: hostStorage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource identityMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityPrincipalId, monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource userDataRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in dataRoles: if (!empty(userPrincipalId)) {
    name: guid(dataStorage.id, userPrincipalId, roleId)
    scope: dataStorage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: userPrincipalId
      principalType: userPrincipalType
    }
  }
]
