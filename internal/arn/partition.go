package arn

import "strings"

// partition is what the product needs of one AWS partition: its regions'
// prefix, the DNS suffix of its endpoints and the host of its console.
type partition struct {
	id, regionPrefix, dnsSuffix, console string
}

// partitions are the partitions of AWS's endpoint data
// (aws-sdk-go-v2 v1.43.0, internal/endpoints/awsrulesfn/partitions.json:
// id, regionRegex, outputs.dnsSuffix), most specific region prefix first;
// "aws" takes every other region. The console hosts are the partitions'
// own (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html):
// "" means REGION.console.aws.amazon.com.
var partitions = []partition{
	{"aws-cn", "cn-", "amazonaws.com.cn", "console.amazonaws.cn"},
	{"aws-us-gov", "us-gov-", "amazonaws.com", "console.amazonaws-us-gov.com"},
	{"aws-iso-b", "us-isob-", "sc2s.sgov.gov", ""},
	{"aws-iso-f", "us-isof-", "csp.hci.ic.gov", ""},
	{"aws-iso", "us-iso-", "c2s.ic.gov", ""},
	{"aws-iso-e", "eu-isoe-", "cloud.adc-e.uk", ""},
	{"aws-eusc", "eusc-", "amazonaws.eu", ""},
	{"aws", "", "amazonaws.com", ""},
}

// PartitionOf returns the partition of a region: aws-cn for China,
// aws-us-gov for GovCloud, the isolated and sovereign partitions for
// theirs, aws for every other.
func PartitionOf(region string) string {
	for _, p := range partitions {
		if strings.HasPrefix(region, p.regionPrefix) {
			return p.id
		}
	}
	return "aws"
}

// lookup returns the partition named id, aws's for an unknown one.
func lookup(id string) partition {
	for _, p := range partitions {
		if p.id == id {
			return p
		}
	}
	return partitions[len(partitions)-1]
}

// DNSSuffix returns the DNS suffix of a partition's endpoints:
// amazonaws.com, amazonaws.com.cn, ...
func DNSSuffix(partition string) string { return lookup(partition).dnsSuffix }

// ConsoleHost returns the host of the AWS console of a region.
func ConsoleHost(region string) string {
	if h := lookup(PartitionOf(region)).console; h != "" {
		return h
	}
	return region + ".console.aws.amazon.com"
}

// IsPartition reports whether s can be a partition: lower-case letters,
// digits and hyphens ("aws", "aws-cn", "aws-us-gov").
func IsPartition(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' {
			return false
		}
	}
	return true
}
