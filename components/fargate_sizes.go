package components

import (
	"strconv"
	"strings"
)

// fargateMemory lists, per task CPU size, the memory sizes (MiB) Fargate
// offers on Linux
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
var fargateMemory = map[int]func(mem int) bool{
	256:   func(m int) bool { return m == 512 || m == 1024 || m == 2048 },
	512:   stepped(1024, 4096, 1024),
	1024:  stepped(2048, 8192, 1024),
	2048:  stepped(4096, 16384, 1024),
	4096:  stepped(8192, 30720, 1024),
	8192:  stepped(16384, 61440, 4096),
	16384: stepped(32768, 122880, 8192),
}

// fargateMemoryHint says which memory sizes a CPU size takes.
var fargateMemoryHint = map[int]string{
	256:   "512, 1024 or 2048",
	512:   "1024 to 4096 in steps of 1024",
	1024:  "2048 to 8192 in steps of 1024",
	2048:  "4096 to 16384 in steps of 1024",
	4096:  "8192 to 30720 in steps of 1024",
	8192:  "16384 to 61440 in steps of 4096",
	16384: "32768 to 122880 in steps of 8192",
}

var fargateCPUs = []int{256, 512, 1024, 2048, 4096, 8192, 16384}

func stepped(lo, hi, step int) func(int) bool {
	return func(m int) bool { return m >= lo && m <= hi && (m-lo)%step == 0 }
}

// validateFargateSize checks a task size against the Fargate table; key is
// the config path of the job's ecs object.
func validateFargateSize(key string, cpu, memory int) error {
	ok, known := fargateMemory[cpu]
	if !known {
		cpus := make([]string, len(fargateCPUs))
		for i, c := range fargateCPUs {
			cpus[i] = strconv.Itoa(c)
		}
		return configErrorf(key+".cpu", "%d is not a Fargate CPU size; use %s or %s",
			cpu, strings.Join(cpus[:len(cpus)-1], ", "), cpus[len(cpus)-1])
	}
	if !ok(memory) {
		return configErrorf(key+".memory", "%d MiB is not offered by Fargate with cpu %d; use %s",
			memory, cpu, fargateMemoryHint[cpu])
	}
	return nil
}
