// genaimon on Azure: an Event Hubs Premium namespace (Kafka endpoint) with one event hub per catalog topic, an AKS
// cluster with workload identity and the Key Vault CSI driver, a Key Vault, and the identity genaimon's pods use.
//   az group create -n genaimon -l westeurope
//   az deployment group create -g genaimon -f deploy/azure/main.bicep
// Then follow docs/azure.md (secrets, Helm install). Kafka Streams internal topics are created by genaimon itself.

@description('Prefix of every resource name.')
param prefix string = 'genaimon'

param location string = resourceGroup().location

@description('Event Hubs Premium processing units (1, 2, 4, 8 or 16).')
@allowed([1, 2, 4, 8, 16])
param processingUnits int = 1

@description('Partitions of each event topic (Premium: at most 100 per event hub).')
@minValue(1)
@maxValue(100)
param partitions int = 12

@description('Retention of the event topics in hours (the raw topic keeps 24 h).')
param retentionHours int = 168

param aksNodeCount int = 3
param aksNodeVmSize string = 'Standard_D4ds_v5'

@description('Kubernetes namespace and service account of the Helm release (federated credential subject).')
param kubernetesNamespace string = 'genaimon'
param serviceAccountName string = 'genaimon'

var suffix = uniqueString(resourceGroup().id)
var deleteTopics = [
  'genaimon.interactions.v1'
  'genaimon.feedback.v1'
  'genaimon.safety-flags.v1'
  'genaimon.eval-requests.v1'
  'genaimon.eval-scores.v1'
  'genaimon.drift-reports.v1'
  'genaimon.signals.v1'
  'genaimon.alerts.v1'
  'genaimon.retraining-triggers.v1'
  'genaimon.ground-truth.v1'
  'genaimon.deployments.v1'
  'genaimon.dlq.v1'
]

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: '${prefix}-${suffix}'
  location: location
  sku: {
    name: 'Premium'
    tier: 'Premium'
    capacity: processingUnits
  }
  properties: {
    kafkaEnabled: true
    minimumTlsVersion: '1.2'
    // false: connection strings (shared access keys) work; true: Entra ID only (docs/azure.md)
    disableLocalAuth: false
    zoneRedundant: true
  }
}

resource raw 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: 'genaimon.interactions.raw.v1'
  properties: {
    partitionCount: partitions
    retentionDescription: {
      cleanupPolicy: 'Delete'
      retentionTimeInHours: 24
    }
  }
}

resource topics 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = [for topic in deleteTopics: {
  parent: namespace
  name: topic
  properties: {
    partitionCount: partitions
    retentionDescription: {
      cleanupPolicy: 'Delete'
      retentionTimeInHours: retentionHours
    }
  }
}]

resource baselines 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: 'genaimon.baselines.v1'
  properties: {
    partitionCount: 1
    retentionDescription: {
      cleanupPolicy: 'Compact'
      tombstoneRetentionTimeInHours: 24
    }
  }
}

// the Azure Monitor source's read position (docs/ingest.md): compacted, written in the source's transactions
resource azureMonitorWatermarks 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: 'genaimon.sources.azure-monitor.v1'
  properties: {
    partitionCount: 1
    retentionDescription: {
      cleanupPolicy: 'Compact'
      tombstoneRetentionTimeInHours: 24
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-${take(suffix, 13)}'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
}

resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {
  name: '${prefix}-aks'
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    dnsPrefix: '${prefix}-${take(suffix, 6)}'
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: aksNodeCount
        vmSize: aksNodeVmSize
        osType: 'Linux'
        availabilityZones: ['1', '2', '3']
      }
    ]
    oidcIssuerProfile: {
      enabled: true
    }
    securityProfile: {
      workloadIdentity: {
        enabled: true
      }
    }
    addonProfiles: {
      azureKeyvaultSecretsProvider: {
        enabled: true
        config: {
          enableSecretRotation: 'true'
        }
      }
    }
  }
}

// the identity genaimon's pods use (workload identity): Event Hubs data access and Key Vault secrets
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${prefix}-workload'
  location: location
}

resource federation 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = {
  parent: identity
  name: 'aks-${serviceAccountName}'
  properties: {
    issuer: aks.properties.oidcIssuerProfile.issuerURL
    subject: 'system:serviceaccount:${kubernetesNamespace}:${serviceAccountName}'
    audiences: ['api://AzureADTokenExchange']
  }
}

// Azure Event Hubs Data Owner: send, receive and create topics (genaimon creates Kafka Streams' internal topics)
resource eventHubsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, identity.id, 'eventhubs-data-owner')
  scope: namespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'f526a384-b230-433a-b45c-95f59c4a2dec')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Key Vault Secrets User: read secrets through the CSI driver
resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, 'kv-secrets-user')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

output kafkaBootstrapServers string = '${namespace.name}.servicebus.windows.net:9093'
output eventHubsNamespace string = namespace.name
output keyVaultName string = vault.name
output aksName string = aks.name
output workloadIdentityClientId string = identity.properties.clientId
output tenantId string = subscription().tenantId
