package reference

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Paths in the data file system.
const (
	servicesDir    = "data/services"
	globalKeysFile = "data/global-keys.json"
	sdkFile        = "data/sdk-services.json"
)

// catalog is the vendored data of one file system, each part decoded on
// first use: the list of services when first needed, a service when first
// asked about, the global keys and the SDK names likewise. It is safe for
// concurrent use.
type catalog struct {
	fsys fs.FS

	listOnce sync.Once
	services map[string]*lazyService // by prefix; not modified after listOnce
	names    []string                // sorted
	errList  error

	globalOnce sync.Once
	global     *keyTable
	errGlobal  error

	sdkOnce sync.Once
	sdk     map[string]string
	errSDK  error
}

// lazyService is one service file, decoded by the first lookup that
// needs it.
type lazyService struct {
	once sync.Once
	svc  *service
	err  error
	// done is set once the file has been decoded (or failed to).
	done atomic.Bool
}

// service is one decoded service. It is never modified after load.
type service struct {
	name string
	// actions by lower-cased action name.
	actions map[string]ActionInfo
	// resourceTypes by name.
	resourceTypes map[string]ResourceType
	// keys is the service's condition key table.
	keys keyTable
}

// keyTable maps condition keys to their types.
type keyTable struct {
	// types maps lower-cased keys without a variable part to their type;
	// patterns holds the others, in key order.
	types    map[string]string
	patterns []keyPattern
}

type keyPattern struct {
	elems []fmtElem
	typ   string
}

func newCatalog(fsys fs.FS) *catalog {
	return &catalog{fsys: fsys}
}

// must returns v, or panics with err: the embedded data is checked by the
// package's tests (every service is loaded), so an error here means a
// broken build, and the lookups refuse to answer from partial data.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// list lists the service files, once, without reading them.
func (c *catalog) list() (map[string]*lazyService, []string, error) {
	c.listOnce.Do(func() {
		entries, err := fs.ReadDir(c.fsys, servicesDir)
		if err != nil {
			c.errList = fmt.Errorf("reference: listing the embedded services: %w", err)
			return
		}
		c.services = make(map[string]*lazyService, len(entries))
		for _, e := range entries {
			name, ok := strings.CutSuffix(e.Name(), ".json")
			if !ok || name == "" || !e.Type().IsRegular() {
				continue
			}
			c.services[name] = &lazyService{}
			c.names = append(c.names, name)
		}
		slices.Sort(c.names)
		if len(c.names) == 0 {
			c.errList = errors.New("reference: no service in the embedded data")
		}
	})
	return c.services, c.names, c.errList
}

// service returns the decoded service of a prefix, decoding it on first
// use; nil and no error for a prefix with no file.
func (c *catalog) service(prefix string) (*service, error) {
	services, _, err := c.list()
	if err != nil {
		return nil, err
	}
	ls, ok := services[prefix]
	if !ok {
		return nil, nil
	}
	ls.once.Do(func() {
		name := servicesDir + "/" + prefix + ".json"
		ls.svc, ls.err = loadService(c.fsys, name, prefix)
		if ls.err != nil {
			ls.err = fmt.Errorf("reference: embedded %s: %w", name, ls.err)
		}
		ls.done.Store(true)
	})
	return ls.svc, ls.err
}

// loaded returns the prefixes of the services decoded so far, sorted.
func (c *catalog) loaded() []string {
	services, _, err := c.list()
	if err != nil {
		return nil
	}
	var out []string
	for name, ls := range services {
		if ls.done.Load() {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func (c *catalog) serviceNames() []string {
	_, names, err := c.list()
	return slices.Clone(must(names, err))
}

func (c *catalog) action(name string) (ActionInfo, bool) {
	prefix, act, ok := strings.Cut(name, ":")
	if !ok {
		return ActionInfo{}, false
	}
	s := must(c.service(strings.ToLower(prefix)))
	if s == nil {
		return ActionInfo{}, false
	}
	a, ok := s.actions[strings.ToLower(act)]
	if !ok {
		return ActionInfo{}, false
	}
	return a.clone(), true
}

func (c *catalog) resourceTypeNamed(prefix, name string) (ResourceType, bool) {
	s := must(c.service(prefix))
	if s == nil {
		return ResourceType{}, false
	}
	rt, ok := s.resourceTypes[name]
	return rt.clone(), ok
}

func (c *catalog) conditionKeyType(key string) (string, bool) {
	prefix, _, ok := strings.Cut(key, ":")
	if !ok {
		return "", false
	}
	if strings.EqualFold(prefix, "aws") {
		return must(c.globalKeys()).lookup(key)
	}
	s := must(c.service(strings.ToLower(prefix)))
	if s == nil {
		return "", false
	}
	return s.keys.lookup(key)
}

func (c *catalog) sdkServicePrefix(name string) (string, bool) {
	prefix, ok := must(c.sdkServices())[name]
	return prefix, ok
}

// globalKeys decodes data/global-keys.json, once.
func (c *catalog) globalKeys() (*keyTable, error) {
	c.globalOnce.Do(func() {
		var keys map[string]string
		if err := readJSON(c.fsys, globalKeysFile, &keys); err != nil {
			c.errGlobal = err
			return
		}
		c.global = newKeyTable(keys)
	})
	return c.global, c.errGlobal
}

// sdkServices decodes data/sdk-services.json, once, and checks that each
// prefix is a service of the catalog.
func (c *catalog) sdkServices() (map[string]string, error) {
	c.sdkOnce.Do(func() {
		var sdk map[string]string
		if err := readJSON(c.fsys, sdkFile, &sdk); err != nil {
			c.errSDK = err
			return
		}
		services, _, err := c.list()
		if err != nil {
			c.errSDK = err
			return
		}
		for _, name := range slices.Sorted(maps.Keys(sdk)) {
			if _, ok := services[sdk[name]]; !ok {
				c.errSDK = fmt.Errorf("reference: embedded %s: SDK name %s maps to %q, no embedded service", sdkFile, name, sdk[name])
				return
			}
		}
		c.sdk = sdk
	})
	return c.sdk, c.errSDK
}

func readJSON(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("reference: reading embedded %s: %w", name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("reference: decoding embedded %s: %w", name, err)
	}
	return nil
}

func newKeyTable(keys map[string]string) *keyTable {
	t := &keyTable{types: make(map[string]string, len(keys))}
	for _, k := range slices.Sorted(maps.Keys(keys)) {
		typ := keys[k]
		if hasVariable(k) {
			t.patterns = append(t.patterns, keyPattern{elems: compileKey(k), typ: typ})
			continue
		}
		if _, seen := t.types[strings.ToLower(k)]; !seen {
			t.types[strings.ToLower(k)] = typ
		}
	}
	return t
}

// lookup returns the type of a concrete key: that of the key itself, else
// that of the first pattern it matches.
func (t *keyTable) lookup(key string) (string, bool) {
	if typ, ok := t.types[strings.ToLower(key)]; ok {
		return typ, true
	}
	for _, p := range t.patterns {
		if keyMatches(p.elems, key) {
			return p.typ, true
		}
	}
	return "", false
}

// loadService decodes one service file and checks that it holds the
// service its name says, that every action's resource types are defined
// and that every ARN format compiles.
func loadService(fsys fs.FS, name, prefix string) (*service, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	var fsvc fileService
	if err := json.Unmarshal(b, &fsvc); err != nil {
		return nil, fmt.Errorf("decoding: %w", err)
	}
	if fsvc.Service != prefix {
		return nil, fmt.Errorf("holds service %q, want %q", fsvc.Service, prefix)
	}
	if len(fsvc.Actions) == 0 {
		return nil, fmt.Errorf("service %s has no actions", prefix)
	}
	s := &service{
		name:          prefix,
		actions:       make(map[string]ActionInfo, len(fsvc.Actions)),
		resourceTypes: make(map[string]ResourceType, len(fsvc.ResourceTypes)),
		keys:          *newKeyTable(fsvc.ConditionKeys),
	}
	for rtName, rt := range fsvc.ResourceTypes {
		if len(rt.ARNFormats) == 0 {
			return nil, fmt.Errorf("resource type %s has no ARN format", rtName)
		}
		for _, f := range rt.ARNFormats {
			if _, err := compileARNFormat(f, true); err != nil {
				return nil, fmt.Errorf("resource type %s: %w", rtName, err)
			}
		}
		s.resourceTypes[rtName] = ResourceType{Name: rtName, ARNFormats: rt.ARNFormats, ConditionKeys: rt.ConditionKeys}
	}
	for actName, fa := range fsvc.Actions {
		a := ActionInfo{Service: prefix, Name: actName, ConditionKeys: fa.ConditionKeys}
		for _, far := range fa.ResourceTypes {
			rt, ok := fsvc.ResourceTypes[far.Name]
			if !ok {
				return nil, fmt.Errorf("action %s names undefined resource type %q", actName, far.Name)
			}
			a.ResourceTypes = append(a.ResourceTypes, ResourceType{
				Name:                far.Name,
				Required:            far.Required,
				ARNFormats:          rt.ARNFormats,
				ConditionKeys:       rt.ConditionKeys,
				ActionConditionKeys: far.ConditionKeys,
			})
		}
		key := strings.ToLower(actName)
		if _, dup := s.actions[key]; dup {
			return nil, fmt.Errorf("action %s listed twice", actName)
		}
		s.actions[key] = a
	}
	return s, nil
}
